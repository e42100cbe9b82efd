package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.ModelLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --bootstrap} end to end on the shared broker with a small load, a warm-up round and two measured
 * rounds: every workload of every round, (a)–(d) on feature records and (e)–(f) on raw messages, copies or scores
 * all records, the latency run loses none, the table, {@code bench.json} and {@code bench.svg} are written, and the
 * bench deletes the topics it created. A second run keeps its topics to check what (e) and (f) wrote. Speed is not
 * asserted: it lives in BENCHMARKS.md, not in a test.
 */
class BenchIT {

    private static final int RECORDS = 3_000;
    private static final int EMAILS = 300;
    /** More than the corpus's 3,125 files, so the cycle wraps around. */
    private static final int EMAILS_CYCLED = 3_500;
    private static final int CORPUS_FILES = 3_125;

    /** The shipped email model, as the bench uses it by default. */
    private static Path emailModel() {
        return Path.of(ScorerConfig.EMAIL_MODEL_PATH);
    }

    @Test
    void shouldRunTwoRoundsOfAllSixWorkloadsAndTheLatencyProbeAndWriteTheResults(@TempDir final Path out) throws Exception {
        final String stdout = bench("--records", Integer.toString(RECORDS), "--rounds", "2",
                "--latency-warmup-seconds", "1", "--latency-seconds", "1", "--latency-rate", "2000",
                "--email-records", Integer.toString(EMAILS), "--email-model", emailModel().toString(),
                "--bootstrap", SharedKafka.bootstrapServers(), "--out", out.toString());

        final JsonNode result = Json.mapper().readTree(out.resolve("bench.json").toFile());
        final List<String> keys = List.of("a", "b", "c", "d", "e", "f");
        assertEquals(keys.size(), result.get("workloads").size(), stdout);
        for (int i = 0; i < keys.size(); i++) {
            final JsonNode w = result.get("workloads").get(i);
            final int records = i < 4 ? RECORDS : EMAILS;
            assertEquals(keys.get(i), w.get("key").asText(), stdout);
            assertEquals(records, w.get("records").asLong(), w::toString);
            assertEquals(records, w.get("minOutputs").asLong(), () -> "workload " + w + "\n" + stdout);
            assertTrue(w.get("megabytesPerSecond").asDouble() > 0, w::toString);
            // (a) is a plain loop on the bench's own thread; every Streams workload has its threads' CPU per record
            assertEquals(!"a".equals(keys.get(i)), w.path("cpuMicrosPerRecord").asDouble() > 0, w::toString);
            assertEquals(2, w.get("rounds").size(), w::toString);
            assertEquals(List.of(1, 2), w.findValues("round").stream().map(JsonNode::asInt).toList(), w::toString);
            for (final JsonNode round : w.get("rounds")) {
                assertEquals(records, round.get("outputs").asLong(), () -> "workload " + w + "\n" + stdout);
                assertTrue(round.get("recordsPerSecond").asLong() > 0, () -> "workload " + w);
            }
            final long median = w.get("recordsPerSecond").asLong();
            assertTrue(w.get("minRecordsPerSecond").asLong() <= median && median <= w.get("maxRecordsPerSecond").asLong(),
                    w::toString);
        }
        assertEquals(2, result.get("ratiosByRound").size(), result::toString);
        assertTrue(result.get("scorerCpuMicrosPerRecord").isNumber(), result::toString);
        assertTrue(stdout.contains("the scorer adds (c) - (b) = "), stdout);
        assertTrue(result.get("ratios").get("emailScorerOverRawIdentity").asDouble() > 0, result::toString);
        assertTrue(result.get("ratiosByRound").get(1).get("emailScorerOverRawIdentity").asDouble() > 0, result::toString);
        assertEquals(String.valueOf(EMAILS), result.get("settings").get("emailRecords").asText(), result::toString);
        assertEquals(String.valueOf(CORPUS_FILES), result.get("settings").get("emailFiles").asText(), result::toString);
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()),
                result.get("settings").get("email.num.stream.threads").asText(), result::toString);
        final JsonNode latency = result.get("latency");
        assertEquals(0, latency.get("missing").asLong(), latency::toString);
        assertEquals(2000, latency.get("targetRate").asLong(), latency::toString);
        assertEquals(2000, latency.get("measured").asLong(), latency::toString);
        assertTrue(latency.get("p50Ms").asDouble() <= latency.get("p99Ms").asDouble(), latency::toString);
        assertEquals("1", result.get("settings").get("latency.producer.linger.ms").asText(), result::toString);
        final JsonNode half = result.get("latencyHalfOfC");
        assertEquals(0, half.get("missing").asLong(), half::toString);
        assertEquals(Math.round(result.get("workloads").get(2).get("recordsPerSecond").asDouble() / 2),
                half.get("targetRate").asLong(), 1, half::toString);
        assertEquals("1", result.get("settings").get("warmupRounds").asText(), "a warm-up round ran first, uncounted");
        assertTrue(stdout.lines().noneMatch(l -> l.startsWith("  round 3")), stdout);
        assertTrue(stdout.contains("(c)/(b) = "), stdout);
        assertTrue(stdout.contains("round 2: (c)/(b) = "), stdout);
        assertTrue(stdout.contains("(e)/(f) = "), stdout);
        assertTrue(stdout.lines().anyMatch(l -> l.startsWith("(e) email scorer")), stdout);
        assertTrue(Files.readString(out.resolve("bench.svg")).startsWith("<svg"), "bench.svg is an SVG document");

        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            final String run = result.get("run").get("id").asText();
            final Set<String> left = admin.listTopics().names().get().stream().filter(t -> t.startsWith(run))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(), left, "topics the bench created and did not delete");
        }
    }

    @Test
    void shouldScoreEveryRawMessageInEAndCopyItByteForByteInF(@TempDir final Path out) throws Exception {
        final String stdout = bench("--records", "100", "--rounds", "1", "--warmup-rounds", "0",
                "--latency-warmup-seconds", "1", "--latency-seconds", "1", "--latency-rate", "100",
                "--email-records", Integer.toString(EMAILS_CYCLED), "--email-model",
                emailModel().toString(), "--keep-topics", "--bootstrap", SharedKafka.bootstrapServers(), "--out", out.toString());
        final String run = Json.mapper().readTree(out.resolve("bench.json").toFile()).get("run").get("id").asText();
        try {
            final Map<String, byte[]> in = byKey(run + "-mail-in", EMAILS_CYCLED);
            assertEquals(EMAILS_CYCLED, in.size(), "one input record per key");
            // the corpus cycles: record 3,126 is the first file again
            assertArrayEquals(in.get("mail-1"), in.get("mail-" + (CORPUS_FILES + 1)));

            final Map<String, byte[]> copied = byKey(run + "-out-f1", EMAILS_CYCLED);
            assertEquals(in.keySet(), copied.keySet(), stdout);
            for (final Map.Entry<String, byte[]> e : in.entrySet()) {
                assertArrayEquals(e.getValue(), copied.get(e.getKey()), () -> "(f) changed the value of " + e.getKey());
            }

            final Map<String, byte[]> scored = byKey(run + "-out-e1", EMAILS_CYCLED);
            assertEquals(in.keySet(), scored.keySet(), stdout);
            final String modelName = ModelLoader.load(emailModel()).name();
            final Map<String, Integer> labels = new TreeMap<>();
            for (final Map.Entry<String, byte[]> e : scored.entrySet()) {
                final JsonNode r = Json.mapper().readTree(e.getValue());
                assertEquals(e.getKey(), r.get("id").asText(), r::toString);
                assertEquals(modelName, r.get("model").get("name").asText(), r::toString);
                final double p = r.get("spamProbability").asDouble();
                assertTrue(p >= 0 && p <= 1, r::toString);
                labels.merge(r.get("label").asText(), 1, Integer::sum);
            }
            assertEquals(Set.of("ham", "spam"), labels.keySet(), "the corpus has both classes: " + labels);
            assertEquals(Map.of(), byKey(run + "-dlq-e1", 0), "no real message is dead-lettered");
        } finally {
            try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
                admin.deleteTopics(admin.listTopics().names().get().stream().filter(t -> t.startsWith(run)).toList()).all().get();
            }
        }
    }

    /** Every record of {@code topic} by key (UTF-8), after reading at least {@code expected} of them. */
    private static Map<String, byte[]> byKey(final String topic, final int expected) throws InterruptedException {
        final Map<String, byte[]> m = new TreeMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(List.of(topic), expected)) {
            final String key = new String(r.key(), StandardCharsets.UTF_8);
            assertNull(m.put(key, r.value()), () -> "key " + key + " twice in " + topic);
        }
        return m;
    }

    /** Runs the bench command in this JVM, expects exit code 0 and returns what it printed on standard output. */
    private static String bench(final String... args) {
        final String[] full = new String[args.length + 1];
        full[0] = "bench";
        System.arraycopy(args, 0, full, 1, args.length);
        final CommandRun run = CommandRun.of(full);
        assertEquals(0, run.exitCode(), run::context);
        return run.stdout();
    }
}
