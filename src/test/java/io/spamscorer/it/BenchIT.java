package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --bootstrap} end to end on the shared broker with a small load, a warm-up round and two measured
 * rounds: every workload of every round copies or scores all records, the latency run loses none, the table,
 * {@code bench.json} and {@code bench.svg} are written, and the bench deletes the topics it created. Speed is not asserted: it lives in BENCHMARKS.md, not in a test.
 */
class BenchIT {

    private static final int RECORDS = 3_000;

    @Test
    void shouldRunTwoRoundsOfAllFourWorkloadsAndTheLatencyProbeAndWriteTheResults(@TempDir final Path out) throws Exception {
        final String stdout = bench("--records", Integer.toString(RECORDS), "--rounds", "2", "--latency-seconds", "1",
                "--latency-rate", "2000", "--bootstrap", SharedKafka.bootstrapServers(), "--out", out.toString());

        final JsonNode result = Json.mapper().readTree(out.resolve("bench.json").toFile());
        final List<String> keys = List.of("a", "b", "c", "d");
        assertEquals(keys.size(), result.get("workloads").size(), stdout);
        for (int i = 0; i < keys.size(); i++) {
            final JsonNode w = result.get("workloads").get(i);
            assertEquals(keys.get(i), w.get("key").asText(), stdout);
            assertEquals(RECORDS, w.get("minOutputs").asLong(), () -> "workload " + w + "\n" + stdout);
            assertEquals(2, w.get("rounds").size(), w::toString);
            assertEquals(List.of(1, 2), w.findValues("round").stream().map(JsonNode::asInt).toList(), w::toString);
            for (final JsonNode round : w.get("rounds")) {
                assertEquals(RECORDS, round.get("outputs").asLong(), () -> "workload " + w + "\n" + stdout);
                assertTrue(round.get("recordsPerSecond").asLong() > 0, () -> "workload " + w);
            }
            final long median = w.get("recordsPerSecond").asLong();
            assertTrue(w.get("minRecordsPerSecond").asLong() <= median && median <= w.get("maxRecordsPerSecond").asLong(),
                    w::toString);
        }
        assertEquals(2, result.get("ratiosByRound").size(), result::toString);
        final JsonNode latency = result.get("latency");
        assertEquals(0, latency.get("missing").asLong(), latency::toString);
        assertEquals(2000, latency.get("targetRate").asLong(), latency::toString);
        assertEquals(2000, latency.get("measured").asLong(), latency::toString);
        assertTrue(latency.get("p50Ms").asDouble() <= latency.get("p99Ms").asDouble(), latency::toString);
        assertEquals("1", result.get("settings").get("latency.producer.linger.ms").asText(), result::toString);
        assertEquals("1", result.get("settings").get("warmupRounds").asText(), "a warm-up round ran first, uncounted");
        assertTrue(stdout.lines().noneMatch(l -> l.startsWith("  round 3")), stdout);
        assertTrue(stdout.contains("(c)/(b) = "), stdout);
        assertTrue(stdout.contains("round 2: (c)/(b) = "), stdout);
        assertTrue(Files.readString(out.resolve("bench.svg")).startsWith("<svg"), "bench.svg is an SVG document");

        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            final String run = result.get("run").get("id").asText();
            final Set<String> left = admin.listTopics().names().get().stream().filter(t -> t.startsWith(run))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(), left, "topics the bench created and did not delete");
        }
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
