package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruptions of config/model.json — deleted, duplicated and retyped fields, truncation, flipped bytes,
 * NaN, strings and huge numbers in arrays, shortened arrays — must give either a {@link ModelException} whose
 * message names the model or a field, or a model that is still fully valid. Never another exception, never a
 * broken model. Seeds are fixed, so every run tries the same corruptions.
 */
class ModelFuzzTest {

    private static final Path SHIPPED = Path.of("config", "model.json");
    private static final long SEED = 0xC0FFEEL;
    private static final int CASES = 3_000;
    private static final String RAW = "__raw_token__";
    private static final List<String> TOP_FIELDS = List.of("name", "version", "features", "weights", "bias", "threshold",
            "preprocessing", "training");
    private static final List<String> PRE_FIELDS = List.of("transform", "mean", "std");
    private static final String[] RAW_NUMBERS = {"NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e309", "4.9e-400",
        "9".repeat(400), "0.0", "-0.0", "1e-320", "1.7976931348623157e308", "\"0.5\"", "\"\"", "null", "true", "[]", "{}"};
    /** A message that names the model or one of its fields, e.g. "model.weights[3] is NaN". */
    private static final Pattern NAMES_A_FIELD = Pattern.compile("model|name|version|features|weights|bias|threshold|"
            + "preprocessing|transform|mean|std|JSON");

    @TempDir
    Path tmp;

    @Test
    void shouldRejectEveryCorruptedModelClearlyOrLoadAFullyValidOne() throws IOException {
        final byte[] original = Files.readAllBytes(SHIPPED);
        final JsonNode tree = Json.mapper().readTree(original);
        final SplittableRandom random = new SplittableRandom(SEED);
        final Map<String, int[]> outcomes = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            final Corruption c = corrupt(tree, original, random);
            final boolean viaFile = i % 10 == 0;
            final Model model;
            try {
                if (viaFile) {
                    final Path file = tmp.resolve("model-" + i + ".json");
                    Files.write(file, c.bytes());
                    model = ModelLoader.load(file);
                } else {
                    model = ModelLoader.parse(c.bytes());
                }
            } catch (final ModelException e) {
                final String msg = e.getMessage();
                assertNotNull(msg, () -> "case " + c.what() + ": ModelException without a message");
                assertFalse(msg.isBlank(), () -> "case " + c.what() + ": blank ModelException message");
                assertTrue(NAMES_A_FIELD.matcher(msg).find(), () -> "case " + c.what() + ": message names no field: " + msg);
                outcomes.computeIfAbsent(c.kind(), k -> new int[2])[1]++;
                continue;
            } catch (final RuntimeException e) {
                throw new AssertionError("case " + c.what() + " threw " + e.getClass().getName()
                        + " instead of ModelException: " + e.getMessage(), e);
            }
            assertFullyValid(model, c.what());
            outcomes.computeIfAbsent(c.kind(), k -> new int[2])[0]++;
        }
        final StringBuilder sb = new StringBuilder();
        outcomes.forEach((k, v) -> sb.append(k).append("=[valid ").append(v[0]).append(", rejected ").append(v[1]).append("] "));
        System.out.println("model fuzz (seed " + SEED + ", " + CASES + " cases): " + sb);
        // Sanity: both outcomes occur, and what must always fail did.
        assertTrue(outcomes.get("truncate")[1] > 0 && outcomes.get("truncate")[0] == 0, sb::toString);
        assertTrue(outcomes.get("delete")[1] > 0, sb::toString);
        assertTrue(outcomes.get("shorten")[1] > 0 && outcomes.get("shorten")[0] == 0, sb::toString);
    }

    @Test
    void shouldCorruptTheSameWayForTheSameSeed() throws IOException {
        final byte[] original = Files.readAllBytes(SHIPPED);
        final JsonNode tree = Json.mapper().readTree(original);
        final SplittableRandom a = new SplittableRandom(SEED);
        final SplittableRandom b = new SplittableRandom(SEED);
        for (int i = 0; i < 200; i++) {
            final Corruption x = corrupt(tree, original, a);
            final Corruption y = corrupt(tree, original, b);
            assertEquals(x.what(), y.what());
            assertTrue(Arrays.equals(x.bytes(), y.bytes()), x.what());
        }
    }

    /** The invariants a loaded model must satisfy for the scorer to use it safely. */
    private static void assertFullyValid(final Model m, final String what) {
        final int n = m.featureCount();
        assertTrue(m.name() != null && !m.name().isBlank(), what);
        assertTrue(m.version() != null && !m.version().isBlank(), what);
        assertTrue(n > 0, what);
        assertEquals(n, new HashSet<>(m.features()).size(), () -> what + ": duplicate features");
        m.features().forEach(f -> assertFalse(f == null || f.isBlank(), what));
        assertEquals(n, m.weights().length, what);
        for (final double w : m.weights()) {
            assertTrue(Double.isFinite(w), () -> what + ": weight " + w);
        }
        assertTrue(Double.isFinite(m.bias()), what);
        assertTrue(m.threshold() > 0 && m.threshold() < 1, () -> what + ": threshold " + m.threshold());
        final Preprocessing p = m.preprocessing();
        if (p != null) {
            assertEquals(n, p.mean().length, what);
            assertEquals(n, p.std().length, what);
            for (int i = 0; i < n; i++) {
                assertTrue(Double.isFinite(p.mean()[i]), what);
                assertTrue(Double.isFinite(p.std()[i]) && p.std()[i] > 0, what);
            }
        }
        // Scoring may reject an input as unscorable (ScoringException) but must not fail otherwise.
        try {
            final double prob = m.score(new double[n], 0).spamProbability();
            assertTrue(prob >= 0 && prob <= 1, () -> what + ": probability " + prob);
        } catch (final ScoringException e) {
            assertFalse(e.getMessage().isBlank(), what);
        }
        // And it round-trips through the file format.
        assertEquals(m, ModelLoader.parse(ModelLoader.toJson(m)), what);
    }

    /** One corrupted model file and a description of what was done to it. */
    record Corruption(String kind, String what, byte[] bytes) {
    }

    private static Corruption corrupt(final JsonNode original, final byte[] originalBytes, final SplittableRandom r) {
        final ObjectNode root = original.deepCopy();
        String raw = null;
        final String kind;
        final String what;
        switch (r.nextInt(11)) {
            case 0 -> {
                kind = "delete";
                final String f = pickField(root, r);
                what = "delete " + f;
                parentOf(root, f).remove(leaf(f));
            }
            case 1 -> {
                kind = "retype";
                final String f = pickField(root, r);
                final JsonNode replacement = randomNode(r);
                what = "retype " + f + " to " + replacement;
                parentOf(root, f).set(leaf(f), replacement);
            }
            case 2 -> {
                kind = "array-element";
                final String f = pickArray(r);
                final ArrayNode a = (ArrayNode) root.at(pointer(f));
                final int i = r.nextInt(a.size());
                raw = RAW_NUMBERS[r.nextInt(RAW_NUMBERS.length)];
                what = f + "[" + i + "] = " + raw;
                a.set(i, JsonNodeFactory.instance.textNode(RAW));
            }
            case 3 -> {
                kind = "shorten";
                final String f = pickArray(r);
                final ArrayNode a = (ArrayNode) root.at(pointer(f));
                final int keep = r.nextInt(a.size());
                what = "shorten " + f + " to " + keep;
                while (a.size() > keep) {
                    a.remove(a.size() - 1);
                }
            }
            case 4 -> {
                kind = "lengthen";
                final String f = pickArray(r);
                final ArrayNode a = (ArrayNode) root.at(pointer(f));
                what = "append to " + f;
                if ("features".equals(f)) {
                    a.add(r.nextBoolean() ? "extra_feature" : a.get(0).asText());
                } else {
                    a.add(r.nextDouble());
                }
            }
            case 5 -> {
                kind = "scalar-value";
                final String[] fields = {"bias", "threshold", "name", "version", "preprocessing/transform"};
                final String f = fields[r.nextInt(fields.length)];
                final String[] values = {"0", "1", "-0.0", "0.5", "1.5", "-1", "0.999999", "1e-300", "\"\"", "\"  \"",
                    "\"log2\"", "\"none\"", "\"log1p\"", "NaN", "1e400", "null"};
                raw = values[r.nextInt(values.length)];
                what = f + " = " + raw;
                parentOf(root, f).set(leaf(f), JsonNodeFactory.instance.textNode(RAW));
            }
            case 6 -> {
                kind = "std-value";
                final ArrayNode std = (ArrayNode) root.at("/preprocessing/std");
                final int i = r.nextInt(std.size());
                final double[] values = {0.0, -1.0, -0.0, 1e-310, Double.MIN_VALUE, 1e308};
                final double v = values[r.nextInt(values.length)];
                what = "preprocessing.std[" + i + "] = " + v;
                std.set(i, JsonNodeFactory.instance.numberNode(v));
            }
            case 7 -> {
                kind = "duplicate";
                final String f = TOP_FIELDS.get(r.nextInt(TOP_FIELDS.size() - 1));
                what = "duplicate field " + f;
                final String json = new String(write(root), StandardCharsets.UTF_8);
                final String dup = "\"" + f + "\":" + root.get(f) + ",";
                return new Corruption(kind, what, json.replaceFirst("\\{", "{" + java.util.regex.Matcher.quoteReplacement(dup))
                        .getBytes(StandardCharsets.UTF_8));
            }
            case 8 -> {
                kind = "truncate";
                final int len = r.nextInt(originalBytes.length - 2);
                what = "truncate to " + len + " bytes";
                return new Corruption(kind, what, Arrays.copyOf(originalBytes, len));
            }
            case 9 -> {
                kind = "flip-bytes";
                final byte[] b = originalBytes.clone();
                final int flips = 1 + r.nextInt(4);
                final List<String> at = new ArrayList<>();
                for (int k = 0; k < flips; k++) {
                    final int i = r.nextInt(b.length);
                    b[i] = (byte) r.nextInt(256);
                    at.add(i + "=" + (b[i] & 0xFF));
                }
                what = "flip bytes " + at;
                return new Corruption(kind, what, b);
            }
            default -> {
                kind = "swap-type";
                what = "root as " + (r.nextBoolean() ? "array" : "string");
                final byte[] b = what.endsWith("array") ? ("[" + new String(originalBytes, StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8)
                        : "\"model\"".getBytes(StandardCharsets.UTF_8);
                return new Corruption(kind, what, b);
            }
        }
        String json = new String(write(root), StandardCharsets.UTF_8);
        if (raw != null) {
            json = json.replace("\"" + RAW + "\"", raw);
        }
        return new Corruption(kind, what, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String pickField(final ObjectNode root, final SplittableRandom r) {
        if (r.nextInt(3) == 0 && root.has("preprocessing")) {
            return "preprocessing/" + PRE_FIELDS.get(r.nextInt(PRE_FIELDS.size()));
        }
        return TOP_FIELDS.get(r.nextInt(TOP_FIELDS.size()));
    }

    private static String pickArray(final SplittableRandom r) {
        final String[] arrays = {"features", "weights", "preprocessing/mean", "preprocessing/std"};
        return arrays[r.nextInt(arrays.length)];
    }

    private static ObjectNode parentOf(final ObjectNode root, final String path) {
        final int slash = path.lastIndexOf('/');
        return slash < 0 ? root : (ObjectNode) root.at(pointer(path.substring(0, slash)));
    }

    private static String leaf(final String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String pointer(final String path) {
        return "/" + path;
    }

    private static JsonNode randomNode(final SplittableRandom r) {
        final JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (r.nextInt(7)) {
            case 0 -> f.textNode("0.5");
            case 1 -> f.numberNode(42);
            case 2 -> f.booleanNode(true);
            case 3 -> f.nullNode();
            case 4 -> f.arrayNode();
            case 5 -> f.objectNode();
            default -> f.arrayNode().add("x").add(1);
        };
    }

    private static byte[] write(final JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldAcceptTheShippedModelAndRejectAnEmptyFile() {
        // The fuzz baseline: the unmodified file is valid, an empty one is not.
        assertFullyValid(ModelLoader.load(SHIPPED), "shipped model");
        try {
            ModelLoader.parse(new byte[0]);
            fail("an empty model file must be rejected");
        } catch (final ModelException e) {
            assertTrue(NAMES_A_FIELD.matcher(e.getMessage()).find(), e.getMessage());
        }
    }
}
