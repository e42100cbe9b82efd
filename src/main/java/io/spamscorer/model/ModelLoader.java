package io.spamscorer.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the model JSON format (see README, "Model file") into a validated {@link Model}, and writes it back.
 * Unknown fields are ignored so later versions can add metadata; every known field is type-checked
 * explicitly, because Jackson's lenient defaults would turn {@code "3.5"} into 3.5 and a missing number into 0.
 */
public final class ModelLoader {

    private ModelLoader() {
    }

    public static Model load(final Path path) {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (final NoSuchFileException e) {
            throw new ModelException("model file " + path + " does not exist", e);
        } catch (final IOException e) {
            throw new ModelException("model file " + path + " cannot be read: " + e.getMessage(), e);
        }
        try {
            return parse(bytes);
        } catch (final ModelException e) {
            throw new ModelException(path + ": " + e.getMessage(), e);
        }
    }

    public static Model parse(final byte[] json) {
        final JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (final JacksonException e) {
            throw new ModelException("model is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (final IOException e) {
            throw new ModelException("model cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelException("model must be a JSON object");
        }
        return fromTree(root);
    }

    static Model fromTree(final JsonNode root) {
        final ModelBuilder b = Model.builder()
                .name(text(root, "name"))
                .version(text(root, "version"))
                .features(names(root.get("features")))
                .weights(numbers(root.get("weights"), "model.weights"));
        final Double bias = number(root.get("bias"), "model.bias");
        if (bias != null) {
            b.bias(bias);
        }
        final Double threshold = number(root.get("threshold"), "model.threshold");
        if (threshold != null) {
            b.threshold(threshold);
        }
        final JsonNode pre = root.get("preprocessing");
        if (pre != null && !pre.isNull()) {
            preprocessing(b, pre);
        }
        final JsonNode training = root.get("training");
        if (training != null && !training.isNull()) {
            b.training(training);
        }
        return b.build();
    }

    private static void preprocessing(final ModelBuilder b, final JsonNode pre) {
        if (!pre.isObject()) {
            throw new ModelException("model.preprocessing must be an object");
        }
        final JsonNode t = pre.get("transform");
        if (t == null || t.isNull()) {
            throw new ModelException("model.preprocessing.transform is missing (log1p or none)");
        }
        if (!t.isTextual()) {
            throw new ModelException("model.preprocessing.transform must be a string: log1p or none");
        }
        final Transform transform = Transform.fromWireName(t.asText());
        if (transform == null) {
            throw new ModelException("model.preprocessing.transform must be log1p or none, got '" + t.asText() + "'");
        }
        b.preprocessing(transform,
                numbers(pre.get("mean"), "model.preprocessing.mean"),
                numbers(pre.get("std"), "model.preprocessing.std"));
    }

    private static String text(final JsonNode root, final String field) {
        final JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ModelException("model." + field + " must be a string, got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return n.asText();
    }

    private static List<String> names(final JsonNode n) {
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

    private static double[] numbers(final JsonNode n, final String field) {
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

    private static Double number(final JsonNode n, final String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new ModelException(field + " must be a number, got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + (n.isTextual() ? " '" + n.asText() + "'" : ""));
        }
        final double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new ModelException(field + " is " + (n.isFloatingPointNumber() && Double.isNaN(v) ? "NaN" : "not a finite double (" + n.asText() + ")"));
        }
        return v;
    }

    /** The model in the file format, training metadata included. */
    public static ObjectNode toTree(final Model m) {
        final ObjectNode root = Json.mapper().createObjectNode();
        root.put("name", m.name());
        root.put("version", m.version());
        final ArrayNode features = root.putArray("features");
        m.features().forEach(features::add);
        final ArrayNode weights = root.putArray("weights");
        for (final double w : m.weights()) {
            weights.add(w);
        }
        root.put("bias", m.bias());
        root.put("threshold", m.threshold());
        final Preprocessing p = m.preprocessing();
        if (p != null) {
            final ObjectNode pre = root.putObject("preprocessing");
            pre.put("transform", p.transform().wireName());
            final ArrayNode mean = pre.putArray("mean");
            for (final double v : p.mean()) {
                mean.add(v);
            }
            final ArrayNode std = pre.putArray("std");
            for (final double v : p.std()) {
                std.add(v);
            }
        }
        final JsonNode training = m.training();
        if (training != null) {
            root.set("training", training);
        }
        return root;
    }

    /** The model as pretty-printed JSON bytes. */
    public static byte[] toJson(final Model m) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(toTree(m));
        } catch (final IOException e) {
            throw new ModelException("model cannot be written: " + e.getMessage(), e);
        }
    }
}
