package io.spamscorer.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the model file's {@code featurizer} object, which says exactly how the model's {@code features}
 * are computed from a message, so the extraction travels with the weights:
 * <pre>
 * "featurizer": {"type": "spambase", "text": "..."}
 * "featurizer": {"type": "words", "fields": ["subject", "body", ...], "lowercase": true, "minLength": 2,
 *                "maxLength": 40, "maxTokens": 5000, "value": "binary", "extraChars": "'", "numbers": false}
 * </pre>
 * For {@code words} the vocabulary is the model's {@code features} list. Every field is type-checked; errors name it.
 */
public final class FeaturizerSpec {

    private FeaturizerSpec() {
    }

    /** The {@code featurizer} object of {@code featurizer}. */
    public static ObjectNode write(final Featurizer featurizer) {
        return featurizer.spec();
    }

    /** Adds {@code featurizer} to a model file's root object (from {@code ModelLoader.toTree}). */
    public static ObjectNode attach(final ObjectNode modelRoot, final Featurizer featurizer) {
        modelRoot.set("featurizer", write(featurizer));
        return modelRoot;
    }

    /** The featurizer a model file's root object describes, checked against its {@code features}. */
    public static Featurizer fromModel(final JsonNode modelRoot) {
        final JsonNode f = modelRoot.get("featurizer");
        if (f == null || f.isNull()) {
            throw new FeaturizerException("model.featurizer is missing; a model scoring raw email must say how its features are computed");
        }
        final JsonNode names = modelRoot.get("features");
        if (names == null || !names.isArray()) {
            throw new FeaturizerException("model.features must be an array of strings");
        }
        final List<String> features = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).isTextual()) {
                throw new FeaturizerException("model.features[" + i + "] must be a string");
            }
            features.add(names.get(i).asText());
        }
        return read(f, features);
    }

    /** The featurizer {@code spec} describes, whose feature names must be {@code features}. */
    public static Featurizer read(final JsonNode spec, final List<String> features) {
        if (spec == null || !spec.isObject()) {
            throw new FeaturizerException("model.featurizer must be an object");
        }
        final String type = text(spec, "type", null);
        if (type == null) {
            throw new FeaturizerException("model.featurizer.type is missing (spambase or words)");
        }
        switch (type) {
            case SpambaseFeaturizer.TYPE -> {
                final SpambaseFeaturizer s = new SpambaseFeaturizer();
                if (!s.featureNames().equals(features)) {
                    throw new FeaturizerException("model.features must be the 57 Spambase names in spambase.names order for featurizer type spambase");
                }
                return s;
            }
            case WordFeaturizer.TYPE -> {
                return new WordFeaturizer(options(spec), features);
            }
            default -> throw new FeaturizerException("model.featurizer.type must be spambase or words, got '" + type + "'");
        }
    }

    static WordOptions options(final JsonNode spec) {
        final JsonNode fields = spec.get("fields");
        if (fields == null || !fields.isArray()) {
            throw new FeaturizerException("model.featurizer.fields must be an array of strings");
        }
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).isTextual()) {
                throw new FeaturizerException("model.featurizer.fields[" + i + "] must be a string");
            }
            list.add(fields.get(i).asText());
        }
        final boolean lowercase = bool(spec, "lowercase");
        final boolean numbers = bool(spec, "numbers");
        final int minLength = integer(spec, "minLength");
        final int maxLength = integer(spec, "maxLength");
        final int maxTokens = integer(spec, "maxTokens");
        final String value = required(spec, "value");
        final String extraChars = required(spec, "extraChars");
        try {
            // WordOptions names its fields "featurizer.x"; the model file nests them under "model."
            return new WordOptions(lowercase, minLength, maxLength, maxTokens, value, extraChars, numbers, list);
        } catch (final FeaturizerException e) {
            throw new FeaturizerException("model." + e.getMessage());
        }
    }

    private static boolean bool(final JsonNode spec, final String field) {
        final JsonNode n = spec.get(field);
        if (n == null || !n.isBoolean()) {
            throw new FeaturizerException("model.featurizer." + field + " must be true or false");
        }
        return n.booleanValue();
    }

    private static int integer(final JsonNode spec, final String field) {
        final JsonNode n = spec.get(field);
        if (n == null || n.isNull()) {
            throw new FeaturizerException("model.featurizer." + field + " is missing");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new FeaturizerException("model.featurizer." + field + " must be an integer, got " + n.toString());
        }
        return n.intValue();
    }

    private static String required(final JsonNode spec, final String field) {
        final String s = text(spec, field, null);
        if (s == null) {
            throw new FeaturizerException("model.featurizer." + field + " is missing");
        }
        return s;
    }

    private static String text(final JsonNode spec, final String field, final String fallback) {
        final JsonNode n = spec.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw new FeaturizerException("model.featurizer." + field + " must be a string, got "
                    + n.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return n.asText();
    }
}
