package io.spamscorer.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Strict reads of model-file fields for {@link ModelLoader}: a wrong JSON type is an error naming the field, never a
 * lenient conversion ({@code "3.5"} is not 3.5), and null or absent reads as null so the builder names what is missing.
 */
final class ModelFields {

    private ModelFields() {
    }

    static String text(final JsonNode root, final String field) {
        final JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ModelException("model." + field + " must be a string, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return n.asText();
    }

    static List<String> names(final JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new ModelException("model.features must be an array of strings");
        }
        final List<String> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            final JsonNode e = n.get(i);
            if (!e.isTextual()) {
                throw new ModelException("model.features[" + i + "] must be a string");
            }
            out.add(e.asText());
        }
        return out;
    }

    static double[] numbers(final JsonNode n, final String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new ModelException(field + " must be an array of numbers");
        }
        final double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            final Double v = number(n.get(i), field + "[" + i + "]");
            if (v == null) {
                throw new ModelException(field + "[" + i + "] is null; it must be a finite number");
            }
            out[i] = v;
        }
        return out;
    }

    static Double number(final JsonNode n, final String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new ModelException(field + " must be a number, got " + n.getNodeType().name().toLowerCase(Locale.ROOT)
                    + (n.isTextual() ? " '" + n.asText() + "'" : ""));
        }
        final double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new ModelException(field + " is " + (n.isFloatingPointNumber() && Double.isNaN(v) ? "NaN" : "not a finite double (" + n.asText() + ")"));
        }
        return v;
    }
}
