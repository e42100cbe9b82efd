package io.spamscorer.feedback;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The wire format of {@code scorer.examples.topic} values (UTF-8 JSON; the key is the id, UTF-8):
 * <pre>
 * {"id":"..","label":"spam"|"ham","labelSource":".."|null,"labelAt":&lt;epoch ms&gt;,"scoredAt":&lt;epoch ms&gt;,
 *  "model":{"name":"..","version":".."},"spamProbability":0.93,"predicted":"spam"|"ham",
 *  "shadow":{"model":{"name":"..","version":".."},"spamProbability":0.41,"predicted":"ham"},  (only if a shadow scored it)
 *  "features":{"name":value,..}}                                                              (only when captured)
 * </pre>
 * Unknown fields are ignored on read, so a newer writer's additions do not break an older reader. A bad value fails
 * with an {@link InvalidExampleException} whose message names the field.
 */
public final class ExampleJson {

    /** A value that is not an example; the message names the field. */
    public static final class InvalidExampleException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidExampleException(final String message) {
            super(message);
        }

        public InvalidExampleException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private ExampleJson() {
    }

    public static byte[] write(final Example e) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("label", e.label().wire());
            g.writeStringField("labelSource", e.labelSource());
            g.writeNumberField("labelAt", e.labelAt());
            g.writeNumberField("scoredAt", e.scoredAt());
            writeModel(g, e.model());
            g.writeNumberField("spamProbability", e.spamProbability());
            g.writeStringField("predicted", e.predicted().wire());
            if (e.shadow() != null) {
                g.writeObjectFieldStart("shadow");
                writeModel(g, e.shadow().model());
                g.writeNumberField("spamProbability", e.shadow().spamProbability());
                g.writeStringField("predicted", e.shadow().predicted().wire());
                g.writeEndObject();
            }
            if (!e.features().isEmpty()) {
                g.writeObjectFieldStart("features");
                for (final Map.Entry<String, Double> f : e.features().entrySet()) {
                    g.writeNumberField(f.getKey(), f.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (final IOException ex) {
            // A ByteArrayOutputStream does not fail; this is only the generator's checked signature.
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    public static Example read(final byte[] bytes) {
        if (bytes == null) {
            throw new InvalidExampleException("example value is null (a tombstone)");
        }
        final JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (final IOException ex) {
            throw new InvalidExampleException("example value is not JSON: " + (ex instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : ex.getMessage()), ex);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidExampleException("example value is not a JSON object");
        }
        final String id = text(root, "id", false);
        final JsonNode shadowNode = root.get("shadow");
        Example.Shadow shadow = null;
        if (shadowNode != null && !shadowNode.isNull()) {
            if (!shadowNode.isObject()) {
                throw new InvalidExampleException("shadow must be an object (example " + id + ")");
            }
            shadow = new Example.Shadow(model(shadowNode, "shadow.model", id),
                    probability(shadowNode, "shadow.spamProbability", id),
                    label(shadowNode, "shadow.predicted", id));
        }
        try {
            return new Example(id, label(root, "label", id), text(root, "labelSource", true),
                    longField(root, "labelAt", id), longField(root, "scoredAt", id), model(root, "model", id),
                    probability(root, "spamProbability", id), label(root, "predicted", id), shadow,
                    features(root, id));
        } catch (final IllegalArgumentException ex) {
            if (ex instanceof InvalidExampleException) {
                throw ex;
            }
            throw new InvalidExampleException(ex.getMessage() + " (example " + id + ")", ex);
        }
    }

    public static Serializer<Example> serializer() {
        return (topic, e) -> e == null ? null : write(e);
    }

    /** Tombstones read as null; anything else that is not an example throws {@link InvalidExampleException}. */
    public static Deserializer<Example> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private static void writeModel(final JsonGenerator g, final ModelRef m) throws IOException {
        g.writeObjectFieldStart("model");
        g.writeStringField("name", m.name());
        g.writeStringField("version", m.version());
        g.writeEndObject();
    }

    /** The last path segment of {@code path} is the field of {@code node}; the whole path goes in messages. */
    private static JsonNode field(final JsonNode node, final String path) {
        final int dot = path.lastIndexOf('.');
        return node.get(dot < 0 ? path : path.substring(dot + 1));
    }

    private static String text(final JsonNode node, final String path, final boolean nullable) {
        final JsonNode v = field(node, path);
        if (v == null || v.isNull()) {
            if (nullable) {
                return null;
            }
            throw new InvalidExampleException(path + " is missing");
        }
        if (!v.isTextual()) {
            throw new InvalidExampleException(path + " must be a string, got " + v.getNodeType());
        }
        if (!nullable && v.textValue().isEmpty()) {
            throw new InvalidExampleException(path + " is empty");
        }
        return v.textValue();
    }

    private static Example.Label label(final JsonNode node, final String path, final String id) {
        final JsonNode v = field(node, path);
        final Example.Label l = v != null && v.isTextual() ? Example.Label.fromWire(v.textValue()) : null;
        if (l == null) {
            throw new InvalidExampleException(path + " must be \"spam\" or \"ham\", got "
                    + (v == null ? "nothing" : v.toString()) + " (example " + id + ")");
        }
        return l;
    }

    private static long longField(final JsonNode node, final String path, final String id) {
        final JsonNode v = field(node, path);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidExampleException(path + " must be an integer (epoch ms), got "
                    + (v == null ? "nothing" : v.toString()) + " (example " + id + ")");
        }
        return v.longValue();
    }

    private static double probability(final JsonNode node, final String path, final String id) {
        final JsonNode v = field(node, path);
        if (v == null || !v.isNumber() || !(v.doubleValue() >= 0.0 && v.doubleValue() <= 1.0)) {
            throw new InvalidExampleException(path + " must be a number within [0, 1], got "
                    + (v == null ? "nothing" : v.toString()) + " (example " + id + ")");
        }
        return v.doubleValue();
    }

    private static ModelRef model(final JsonNode node, final String path, final String id) {
        final JsonNode m = field(node, path);
        if (m == null || !m.isObject()) {
            throw new InvalidExampleException(path + " must be an object {\"name\",\"version\"} (example " + id + ")");
        }
        return new ModelRef(text(m, path + ".name", false), text(m, path + ".version", false));
    }

    private static Map<String, Double> features(final JsonNode root, final String id) {
        final JsonNode f = root.get("features");
        if (f == null || f.isNull()) {
            return Map.of();
        }
        if (!f.isObject()) {
            throw new InvalidExampleException("features must be an object of name: number (example " + id + ")");
        }
        final Map<String, Double> out = new LinkedHashMap<>(f.size() * 2);
        for (final Map.Entry<String, JsonNode> e : f.properties()) {
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())) {
                throw new InvalidExampleException("features." + e.getKey() + " must be a finite number, got "
                        + e.getValue() + " (example " + id + ")");
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return out;
    }
}
