package io.spamscorer.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.features.Featurizer;
import io.spamscorer.features.FeaturizerException;
import io.spamscorer.features.FeaturizerSpec;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the model JSON format (see README, "Model file") into a validated {@link Model}, and writes it back.
 * Unknown fields are ignored so later versions can add metadata; every known field is type-checked
 * explicitly, because Jackson's lenient defaults would turn {@code "3.5"} into 3.5 and a missing number into 0.
 *
 * <p>Model files have a size limit of their own, {@value #MAX_MODEL_BYTES} bytes (64 MiB), far above the 1 MiB
 * input-record limit of {@link Json}: word-level models carry a vocabulary of tens of thousands of names. Reading
 * stops at the limit, and {@link #toJson} refuses to write what the loaders would refuse to read.
 */
public final class ModelLoader {

    /** The largest model file, and model-topic value, that is read or written. */
    public static final int MAX_MODEL_BYTES = 64 * 1024 * 1024;
    static final String LIMIT_TEXT = MAX_MODEL_BYTES + " bytes (64 MiB)";

    /** {@link Json}'s settings (duplicate keys, NaN tokens, per-value caps), with the model document limit. */
    private static final ObjectMapper MAPPER = JsonMapper.builder(Json.factory().rebuild()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(MAX_MODEL_BYTES)
                            .maxNestingDepth(Json.MAX_NESTING_DEPTH)
                            .maxNumberLength(Json.MAX_NUMBER_LENGTH)
                            .maxStringLength(Json.MAX_STRING_LENGTH)
                            .maxNameLength(Json.MAX_NAME_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelLoader() {
    }

    public static Model load(final Path path) {
        final byte[] bytes = read(path);
        try {
            return parse(bytes);
        } catch (final ModelException e) {
            throw new ModelException(path + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a model file, unparsed; a file over {@link #MAX_MODEL_BYTES} is refused without reading it all. */
    public static byte[] read(final Path path) {
        try {
            return readBounded(path);
        } catch (final NoSuchFileException e) {
            throw new ModelException("model file " + path + " does not exist", e);
        } catch (final IOException e) {
            throw new ModelException("model file " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The model document {@code json} (valid, as {@link #parse} accepts it) with {@code "inputs"} set, every other
     * field kept as it is, unknown ones included.
     */
    public static byte[] withInputs(final byte[] json, final ModelInputs inputs) {
        try {
            final ObjectNode root = (ObjectNode) MAPPER.readTree(json);
            root.put("inputs", inputs.wireName());
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (final IOException e) {
            throw new ModelException("model cannot be rewritten: " + e.getMessage(), e);
        }
    }

    /** Reads at most {@link #MAX_MODEL_BYTES} + 1 bytes, so a huge file or a device such as /dev/zero fails fast. */
    private static byte[] readBounded(final Path path) throws IOException {
        if (Files.isRegularFile(path) && Files.size(path) > MAX_MODEL_BYTES) {
            throw tooLarge(path, Files.size(path) + " bytes");
        }
        try (InputStream in = Files.newInputStream(path)) {
            final byte[] bytes = in.readNBytes(MAX_MODEL_BYTES + 1);
            if (bytes.length > MAX_MODEL_BYTES) {
                throw tooLarge(path, "more than " + MAX_MODEL_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static ModelException tooLarge(final Path path, final String size) {
        return new ModelException("model file " + path + " is too large: " + size + "; the model file limit is " + LIMIT_TEXT);
    }

    public static Model parse(final byte[] json) {
        if (json.length > MAX_MODEL_BYTES) {
            throw new ModelException("model is too large: " + json.length + " bytes; the model file limit is " + LIMIT_TEXT);
        }
        final JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (final StreamConstraintsException e) {
            throw new ModelException("model exceeds a model file limit: " + firstLine(e.getOriginalMessage()), e);
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
        final List<String> features = ModelFields.names(root.get("features"));
        final ModelBuilder b = Model.builder()
                .name(ModelFields.text(root, "name"))
                .version(ModelFields.text(root, "version"))
                .features(features)
                .weights(ModelFields.numbers(root.get("weights"), "model.weights"));
        final Double bias = ModelFields.number(root.get("bias"), "model.bias");
        if (bias != null) {
            b.bias(bias);
        }
        final Double threshold = ModelFields.number(root.get("threshold"), "model.threshold");
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
        final String inputs = ModelFields.text(root, "inputs");
        if (inputs != null) {
            final ModelInputs value = ModelInputs.fromWireName(inputs);
            if (value == null) {
                throw new ModelException("model.inputs must be any or named-only, got '" + inputs + "'");
            }
            b.inputs(value);
        }
        final JsonNode featurizer = root.get("featurizer");
        if (featurizer != null && !featurizer.isNull() && features != null) {
            // a missing features list is reported by build() as model.features; the featurizer needs it to exist
            b.featurizer(featurizer(featurizer, features));
        }
        return b.build();
    }

    private static Featurizer featurizer(final JsonNode spec, final List<String> features) {
        try {
            return FeaturizerSpec.read(spec, features);
        } catch (final FeaturizerException e) {
            // FeaturizerSpec names fields from the model root ("model.featurizer.maxTokens ...")
            throw new ModelException(e.getMessage(), e);
        }
    }

    private static String firstLine(final String s) {
        final int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
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
                ModelFields.numbers(pre.get("mean"), "model.preprocessing.mean"),
                ModelFields.numbers(pre.get("std"), "model.preprocessing.std"));
    }

    /** The model in the file format, {@code featurizer} (right after the identity) and training metadata included. */
    public static ObjectNode toTree(final Model m) {
        final ObjectNode root = Json.mapper().createObjectNode();
        root.put("name", m.name());
        root.put("version", m.version());
        if (m.featurizer() != null) {
            root.set("featurizer", FeaturizerSpec.write(m.featurizer()));
        }
        final ArrayNode features = root.putArray("features");
        m.features().forEach(features::add);
        final ArrayNode weights = root.putArray("weights");
        for (final double w : m.weights()) {
            weights.add(w);
        }
        root.put("bias", m.bias());
        root.put("threshold", m.threshold());
        if (m.inputs() != ModelInputs.ANY) {
            root.put("inputs", m.inputs().wireName());
        }
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

    /**
     * The model as pretty-printed JSON bytes.
     *
     * @throws ModelException when they exceed {@link #MAX_MODEL_BYTES}, which no loader would read back
     */
    public static byte[] toJson(final Model m) {
        final byte[] bytes;
        try {
            bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(toTree(m));
        } catch (final IOException e) {
            throw new ModelException("model cannot be written: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_MODEL_BYTES) {
            throw new ModelException("model " + m + " is too large to write: " + bytes.length
                    + " bytes; the model file limit is " + LIMIT_TEXT + ", so no command could load it (use fewer features)");
        }
        return bytes;
    }
}
