package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Input fuzzing through the production topology (TopologyTestDriver): generated values — random bytes, truncated
 * JSON, deep nesting, huge numbers and strings, wrong types, duplicate keys, a UTF-8 BOM, invalid UTF-8, empty
 * values, tombstones and valid records — are piped one at a time, and each must land on exactly one of the output
 * and dead-letter topics, exactly once, without the job failing. The generator is a pure function of its seed.
 */
class InputFuzzTest {

    private static final long SEED = 0x5EED_2026L;
    private static final int CASES = 100_000;
    private static final Instant T0 = Instant.parse("2026-11-28T17:00:00Z");

    @Test
    void shouldRouteEveryFuzzedRecordToExactlyOneOfOutputAndDeadLetterTopic() {
        final Map<String, int[]> outcomes = fuzz(Map.of("scorer.model.path", "src/test/resources/tiny-model.json"),
                SEED, CASES);
        int total = 0;
        for (final int[] o : outcomes.values()) {
            total += o[0] + o[1];
        }
        assertEquals(CASES, total);
        // Each family of cases really was exercised, on the side it belongs to.
        assertTrue(outcomes.get("valid")[0] > 0 && outcomes.get("valid")[1] == 0, "valid records must all be scored");
        for (final String always : List.of("tombstone", "empty", "random-bytes", "truncated", "deep-nesting",
                "invalid-utf8", "duplicate-key", "wrong-type", "huge-string")) {
            assertTrue(outcomes.get(always)[1] > 0 && outcomes.get(always)[0] == 0,
                    always + " must always be dead-lettered: " + describe(outcomes));
        }
    }

    @Test
    void shouldRouteFuzzedRecordsForTheShippedLog1pModelToExactlyOneTopic() {
        // The shipped model z-scores log1p(x): negative or huge features meet a second failure path (unscorable).
        final Map<String, int[]> outcomes = fuzz(Map.of("scorer.model.path", "config/model.json",
                "scorer.features.missing", "zero", "scorer.explain.top", "0"), SEED + 1, 10_000);
        assertTrue(outcomes.get("valid")[0] > 0, describe(outcomes));
    }

    @Test
    void shouldGenerateTheSameCasesForTheSameSeed() {
        final Model tiny = ModelLoader.load(java.nio.file.Path.of("src/test/resources/tiny-model.json"));
        final String first = digest(new Generator(SEED, tiny), 2_000);
        assertEquals(first, digest(new Generator(SEED, tiny), 2_000), "same seed, same cases");
        assertFalse(first.equals(digest(new Generator(SEED + 1, tiny), 2_000)), "another seed, other cases");
    }

    /** Pipes {@code n} cases one at a time; returns per family how many went to [output, DLQ]. */
    private static Map<String, int[]> fuzz(final Map<String, String> overrides, final long seed, final int n) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        values.putAll(overrides);
        final ScorerConfig config = ScorerConfig.of(values);
        final Model model = ModelLoader.load(config.modelPath());
        final ModelHolder models = new ModelHolder(new LoadedModel(model, "fuzz", T0));
        final Map<String, int[]> outcomes = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(config, models, ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE))) {
            final TestInputTopic<byte[], byte[]> input =
                    driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
            final TestOutputTopic<byte[], byte[]> output =
                    driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<byte[], byte[]> dlq =
                    driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final Generator generator = new Generator(seed, model);
            for (int i = 0; i < n; i++) {
                final Case c = generator.next();
                try {
                    input.pipeInput(c.key(), c.value(), T0);
                } catch (final RuntimeException e) {
                    fail("case " + i + " (" + c + ") stopped the job: " + e, e);
                }
                final long out = output.getQueueSize();
                final long dead = dlq.getQueueSize();
                if (out + dead != 1) {
                    fail("case " + i + " (" + c + ") produced " + out + " output and " + dead + " dead-letter records");
                }
                final TestRecord<byte[], byte[]> r = out == 1 ? output.readRecord() : dlq.readRecord();
                assertArrayEquals(c.key(), r.key(), () -> "key of case " + c);
                if (out == 1) {
                    checkOutput(c, r);
                } else {
                    checkDeadLetter(c, r);
                }
                outcomes.computeIfAbsent(c.family(), k -> new int[2])[out == 1 ? 0 : 1]++;
            }
        }
        System.out.println("input fuzz (seed " + seed + ", " + n + " cases) [output, DLQ] per family: " + describe(outcomes));
        return outcomes;
    }

    private static void checkOutput(final Case c, final TestRecord<byte[], byte[]> r) {
        final JsonNode out;
        try {
            out = Json.mapper().readTree(r.value());
        } catch (final IOException e) {
            throw new AssertionError("case " + c + ": output is not JSON", e);
        }
        final double p = out.path("spamProbability").asDouble(Double.NaN);
        assertTrue(p >= 0.0 && p <= 1.0, () -> "case " + c + ": spamProbability " + out);
        assertTrue(out.path("id").isTextual(), () -> "case " + c + ": id " + out);
    }

    private static void checkDeadLetter(final Case c, final TestRecord<byte[], byte[]> r) {
        assertArrayEquals(c.value(), r.value(), () -> "case " + c + ": the dead letter must carry the original value");
        final Header reason = r.headers().lastHeader(DeadLetters.HEADER_REASON);
        final Header message = r.headers().lastHeader(DeadLetters.HEADER_MESSAGE);
        assertNotNull(reason, () -> "case " + c + ": no reason header");
        assertNotNull(message, () -> "case " + c + ": no message header");
        final String why = new String(reason.value(), StandardCharsets.UTF_8);
        assertFalse(new String(message.value(), StandardCharsets.UTF_8).isBlank(), () -> "case " + c + ": blank message");
        // An INTERNAL reason means an unexpected exception in our code, i.e. a bug rather than bad input.
        assertFalse("internal".equals(why), () -> "case " + c + ": internal error: "
                + new String(message.value(), StandardCharsets.UTF_8));
    }

    private static String describe(final Map<String, int[]> outcomes) {
        final StringBuilder sb = new StringBuilder();
        outcomes.forEach((k, v) -> sb.append(k).append("=[").append(v[0]).append(", ").append(v[1]).append("] "));
        return sb.toString().trim();
    }

    private static String digest(final Generator g, final int n) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < n; i++) {
                final Case c = g.next();
                sha.update(c.family().getBytes(StandardCharsets.UTF_8));
                sha.update(c.key());
                sha.update(c.value() == null ? new byte[] {(byte) 0xFF, 0} : c.value());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One generated input record; {@code value == null} is a tombstone. */
    record Case(String family, byte[] key, byte[] value) {

        @Override
        public String toString() {
            if (value == null) {
                return family + ": <tombstone>";
            }
            final String s = new String(value, StandardCharsets.UTF_8);
            return family + " (" + value.length + " bytes): " + (s.length() > 160 ? s.substring(0, 160) + "…" : s);
        }
    }

    /** Deterministic case generator: the same seed and model give the same sequence of cases. */
    static final class Generator {

        private static final String[] FAMILIES = {"valid", "valid", "valid", "random-bytes", "truncated", "deep-nesting",
            "huge-number", "huge-string", "wrong-type", "duplicate-key", "bom", "invalid-utf8", "empty", "tombstone",
            "mutated"};
        private static final String[] NON_NUMBERS = {"\"1.5\"", "true", "false", "null", "[]", "{}", "[1]", "{\"v\":1}",
            "\"\"", "\"NaN\""};
        private static final String[] HUGE_NUMBERS = {"1e400", "-1e400", "1e309", "4.9e-400", "1" + "0".repeat(99),
            "9".repeat(101), "0." + "3".repeat(150), "-" + "7".repeat(120) + ".5", "NaN", "Infinity", "-Infinity",
            "1.7976931348623157e308", "123456789012345678901234567890", "-0.0", "0e0", "1E-07"};

        private final SplittableRandom random;
        private final Model model;
        private long seq;

        Generator(final long seed, final Model model) {
            this.random = new SplittableRandom(seed);
            this.model = model;
        }

        Case next() {
            final String id = "f-" + seq++;
            final String family = FAMILIES[random.nextInt(FAMILIES.length)];
            final byte[] key = id.getBytes(StandardCharsets.UTF_8);
            return new Case(family, key, value(family, id));
        }

        private byte[] value(final String family, final String id) {
            return switch (family) {
                case "valid" -> utf8(validRecord(id));
                case "random-bytes" -> randomBytes();
                case "truncated" -> truncated(id);
                case "deep-nesting" -> utf8(deepNesting(id));
                case "huge-number" -> utf8(hugeNumber(id));
                case "huge-string" -> utf8(hugeString(id));
                case "wrong-type" -> utf8(wrongType(id));
                case "duplicate-key" -> utf8(duplicateKey(id));
                case "bom" -> bom(id);
                case "invalid-utf8" -> invalidUtf8(id);
                case "empty" -> random.nextInt(4) == 0 ? utf8(" \n\t ".substring(0, 1 + random.nextInt(3))) : new byte[0];
                case "tombstone" -> null;
                case "mutated" -> mutated(id);
                default -> throw new IllegalStateException(family);
            };
        }

        private String validRecord(final String id) {
            final int n = model.featureCount();
            final StringBuilder sb = new StringBuilder("{");
            final boolean idFirst = random.nextBoolean();
            if (idFirst) {
                sb.append("\"id\":").append(quote(id)).append(',');
            }
            if (random.nextInt(5) == 0) {
                sb.append("\"extra\":{\"nested\":[1,\"x\",null]},");
            }
            sb.append("\"features\":");
            if (random.nextBoolean()) {
                sb.append('[');
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : random.nextInt(10) == 0 ? " , " : ",").append(number());
                }
                sb.append(']');
            } else {
                sb.append('{');
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(quote(model.features().get(i))).append(':').append(number());
                }
                if (random.nextInt(4) == 0) {
                    sb.append(",\"not_a_feature\":\"ignored\"");
                }
                sb.append('}');
            }
            if (!idFirst) {
                sb.append(",\"id\":").append(quote(id));
            }
            sb.append('}');
            return random.nextInt(8) == 0 ? "\n  " + sb + "  \r\n" : sb.toString();
        }

        private String number() {
            return switch (random.nextInt(6)) {
                case 0 -> "0";
                case 1 -> Integer.toString(random.nextInt(100));
                case 2 -> String.format(Locale.ROOT, "%.4f", random.nextDouble() * 10);
                case 3 -> Double.toString(random.nextDouble());
                case 4 -> String.format(Locale.ROOT, "%.3e", random.nextDouble() * 1000);
                default -> String.format(Locale.ROOT, "%.2f", random.nextDouble());
            };
        }

        private byte[] randomBytes() {
            final byte[] b = new byte[1 + random.nextInt(200)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) random.nextInt(256);
            }
            if (b[0] == '{' || b[0] == '[') {
                b[0] = '#'; // keep it certainly not a record
            }
            return b;
        }

        private byte[] truncated(final String id) {
            final byte[] whole = utf8(validRecord(id).trim());
            return java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
        }

        private String deepNesting(final String id) {
            // Always deeper than the parser allows.
            final int depth = Json.MAX_NESTING_DEPTH + 1 + random.nextInt(5_000);
            final String open = random.nextBoolean() ? "[" : "{\"a\":";
            final String close = "[".equals(open) ? "]" : "}";
            final String nested = open.repeat(depth) + "1" + close.repeat(depth);
            return switch (random.nextInt(3)) {
                case 0 -> nested;
                case 1 -> "{\"id\":" + quote(id) + ",\"features\":" + nested + "}";
                default -> "{\"id\":" + quote(id) + ",\"meta\":" + nested + ",\"features\":[1,2,3]}";
            };
        }

        private String hugeNumber(final String id) {
            final int n = model.featureCount();
            final StringBuilder sb = new StringBuilder("{\"id\":").append(quote(id)).append(",\"features\":[");
            final int bad = random.nextInt(n);
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(i == bad ? HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)] : number());
            }
            return sb.append("]}").toString();
        }

        private String hugeString(final String id) {
            // Every case is over a limit: strings > 65,536 chars, names > 1,024 chars, or a value > 1 MiB.
            return switch (random.nextInt(4)) {
                case 0 -> "{\"id\":" + quote("x".repeat(65_537 + random.nextInt(150_000))) + ",\"features\":[1,2,3]}";
                case 1 -> "{\"id\":" + quote(id) + ",\"" + "k".repeat(1_025 + random.nextInt(5_000)) + "\":1,\"features\":[1,2,3]}";
                case 2 -> "{\"id\":" + quote(id) + ",\"features\":{" + quote("f".repeat(1_025 + random.nextInt(5_000))) + ":1}}";
                default -> "{\"id\":" + quote(id) + ",\"note\":" + quote("z".repeat(Json.MAX_DOCUMENT_BYTES)) + ",\"features\":[1,2,3]}";
            };
        }

        private String wrongType(final String id) {
            final String nonNumber = NON_NUMBERS[random.nextInt(NON_NUMBERS.length)];
            final int n = model.featureCount();
            return switch (random.nextInt(5)) {
                case 0 -> "{\"id\":" + new String[] {"1", "true", "null", "[]", "{}", "[\"x\"]", "-0.5"}[random.nextInt(7)]
                        + ",\"features\":[1,2,3]}";
                case 1 -> "{\"id\":" + quote(id) + ",\"features\":" + new String[] {"\"1,2,3\"", "1", "true", "null"}[random.nextInt(4)] + "}";
                case 2 -> {
                    final StringBuilder sb = new StringBuilder("{\"id\":" + quote(id) + ",\"features\":[");
                    final int bad = random.nextInt(n);
                    for (int i = 0; i < n; i++) {
                        sb.append(i == 0 ? "" : ",").append(i == bad ? nonNumber : number());
                    }
                    yield sb.append("]}").toString();
                }
                case 3 -> "{\"id\":" + quote(id) + ",\"features\":{" + quote(model.features().get(random.nextInt(n))) + ":"
                        + nonNumber + "}}";
                default -> new String[] {"[1,2,3]", "\"text\"", "42", "true", "null", "[{\"id\":\"x\"}]"}[random.nextInt(6)];
            };
        }

        private String duplicateKey(final String id) {
            final String f = quote(model.features().get(0));
            return switch (random.nextInt(3)) {
                case 0 -> "{\"id\":" + quote(id) + ",\"id\":" + quote(id + "b") + ",\"features\":[1,2,3]}";
                case 1 -> "{\"id\":" + quote(id) + ",\"features\":[1,2,3],\"features\":[1,2,3]}";
                default -> "{\"id\":" + quote(id) + ",\"features\":{" + f + ":1," + f + ":2}}";
            };
        }

        private byte[] bom(final String id) {
            return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(validRecord(id)));
        }

        private byte[] invalidUtf8(final String id) {
            final byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFE, (byte) 0xFE}};
            final byte[] seqBytes = bad[random.nextInt(bad.length)];
            final byte[] head = utf8("{\"id\":" + quote(id).substring(0, quote(id).length() - 1));
            final byte[] tail = utf8("\",\"features\":[1,2,3]}");
            return concat(concat(head, seqBytes), tail);
        }

        private byte[] mutated(final String id) {
            final byte[] v = utf8(validRecord(id));
            final int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                v[random.nextInt(v.length)] = (byte) random.nextInt(256);
            }
            return v;
        }

        private static String quote(final String s) {
            return "\"" + s + "\"";
        }

        private static byte[] utf8(final String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] concat(final byte[] a, final byte[] b) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
            out.writeBytes(a);
            out.writeBytes(b);
            return out.toByteArray();
        }
    }

}
