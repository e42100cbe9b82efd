package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How rounds of (a)–(d) become one figure per workload and one ratio per pair, in the table, JSON and SVG. */
class BenchResultTest {

    private static final long N = 1_000;

    /** A round whose workloads took these seconds for {@link #N} records each, so records/s = N / seconds. */
    private static List<BenchResult.Workload> round(final int round, final double a, final double b, final double c,
                                                    final double d) {
        return List.of(workload("a", round, a), workload("b", round, b), workload("c", round, c), workload("d", round, d));
    }

    private static BenchResult.Workload workload(final String key, final int round, final double seconds) {
        return new BenchResult.Workload(key, "workload " + key, round, N, N, seconds, seconds);
    }

    // rates: round 1 a=1000 b=500 c=400 d=200; round 2 a=500 b=250 c=250 d=125; round 3 a=2000 b=1000 c=500 d=500
    private static final BenchResult THREE_ROUNDS = new BenchResult(Map.of("id", "r"), Map.of("records", "1000"), List.of(
            round(1, 1.0, 2.0, 2.5, 5.0), round(2, 2.0, 4.0, 4.0, 8.0), round(3, 0.5, 1.0, 2.0, 2.0)), null);

    @Test
    void shouldReportTheMedianRoundAndTheRangePerWorkload() {
        final BenchResult.Summary c = THREE_ROUNDS.summary("c");
        assertEquals(400.0, c.recordsPerSecond(), 1e-9);
        assertEquals(250.0, c.minRecordsPerSecond(), 1e-9);
        assertEquals(500.0, c.maxRecordsPerSecond(), 1e-9);
        assertEquals(N, c.minOutputs());
        assertEquals(List.of("a", "b", "c", "d"), THREE_ROUNDS.keys());
        assertNull(THREE_ROUNDS.summary("x"));
    }

    @Test
    void shouldTakeTheMedianOfPerRoundRatiosNotTheRatioOfMedians() {
        // (c)/(b) per round: 0.8, 1.0, 0.5 -> 0.8; (d)/(c): 0.5, 0.5, 1.0 -> 0.5
        assertEquals(0.8, THREE_ROUNDS.ratio("c", "b"), 1e-9);
        assertEquals(1.0, THREE_ROUNDS.ratio("c", "b", 1), 1e-9);
        assertEquals(0.5, THREE_ROUNDS.ratio("d", "c"), 1e-9);
        final BenchResult skewed = new BenchResult(Map.of(), Map.of(), List.of(
                round(1, 1.0, 1.0, 1.0, 1.0), round(2, 1.0, 10.0, 20.0, 1.0)), null);
        // per round (c)/(b): 1.0 and 0.5 -> 0.75 (mean of the middle two); medians: c 525 / b 550 = 0.9545...
        assertEquals(0.75, skewed.ratio("c", "b"), 1e-9);
        assertTrue(Double.isNaN(new BenchResult(Map.of(), Map.of(), List.of(), null).ratio("c", "b")));
    }

    /** (b) and (c) of one round with their threads' CPU per record; (a) and (d) without a CPU figure. */
    private static List<BenchResult.Workload> cpuRound(final int round, final double bMicros, final double cMicros) {
        return List.of(workload("a", round, 1.0),
                new BenchResult.Workload("b", "workload b", round, N, N, 2.0, 2.0, 0, bMicros),
                new BenchResult.Workload("c", "workload c", round, N, N, 4.0, 4.0, 0, cMicros),
                workload("d", round, 5.0));
    }

    @Test
    void shouldReportTheMedianCpuPerRecordAndTheMedianPerRoundDifferenceOfCOverB(@TempDir final Path dir) throws Exception {
        // (c) - (b) per round: 2.5, 3.0, 1.0 -> 2.5; the medians b 1.5 and c 4.0 differ by 2.5 too, so the skewed
        // run below tells the median of differences from the difference of medians
        final BenchResult r = new BenchResult(Map.of("id", "r"), Map.of(), List.of(
                cpuRound(1, 1.5, 4.0), cpuRound(2, 1.0, 4.0), cpuRound(3, 3.0, 4.0)), null);
        assertEquals(1.5, r.summary("b").cpuMicrosPerRecord(), 1e-9);
        assertEquals(4.0, r.summary("c").cpuMicrosPerRecord(), 1e-9);
        assertEquals(2.5, r.cpuDifference("c", "b"), 1e-9);
        assertTrue(Double.isNaN(r.summary("a").cpuMicrosPerRecord()), "a workload without the figure has none");
        assertTrue(Double.isNaN(r.cpuDifference("d", "a")));
        final BenchResult skewed = new BenchResult(Map.of(), Map.of(), List.of(
                cpuRound(1, 1.0, 5.0), cpuRound(2, 10.0, 12.0), cpuRound(3, 2.0, 3.0)), null);
        assertEquals(2.0, skewed.cpuDifference("c", "b"), 1e-9); // differences 4, 2, 1; not the medians' 5 - 2

        final String table = BenchReport.table(r);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("(c) workload c") && l.endsWith(" 4.00")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("(a) workload a") && l.endsWith(" -")), table);
        assertTrue(table.contains("the scorer adds (c) - (b) = 2.50 us per record (median of the per-round differences)"),
                table);

        final Path file = dir.resolve("bench.json");
        r.writeJson(file);
        final JsonNode json = Json.mapper().readTree(file.toFile());
        assertEquals(2.5, json.get("scorerCpuMicrosPerRecord").asDouble(), 1e-9);
        final JsonNode b = json.get("workloads").get(1);
        assertEquals(1.5, b.get("cpuMicrosPerRecord").asDouble(), 1e-9);
        assertEquals(3.0, b.get("rounds").get(2).get("cpuMicrosPerRecord").asDouble(), 1e-9);
        assertTrue(json.get("workloads").get(0).path("cpuMicrosPerRecord").isMissingNode(), json::toString);
    }

    @Test
    void shouldLeaveTheCpuFiguresOutWhenNoWorkloadMeasuredThem(@TempDir final Path dir) throws Exception {
        final String table = BenchReport.table(THREE_ROUNDS);
        assertTrue(table.lines().noneMatch(l -> l.contains("the scorer adds")), table);
        final Path file = dir.resolve("bench.json");
        THREE_ROUNDS.writeJson(file);
        assertTrue(Json.mapper().readTree(file.toFile()).path("scorerCpuMicrosPerRecord").isMissingNode());
    }

    @Test
    void shouldPrintTheMedianRangeAndEveryRoundsRatios() {
        final String table = BenchReport.table(THREE_ROUNDS);
        assertTrue(table.contains("min - max of 3 rounds"), table);
        assertTrue(table.matches("(?s).*\\(c\\) workload c\\s+400\\s+250 - 500 .*"), table);
        assertTrue(table.contains("(c)/(b) = 0.800 (target >= 0.60)"), table);
        assertTrue(table.contains("round 3: (c)/(b) = 0.500, (d)/(c) = 1.000, (b)/(a) = 0.500"), table);
    }

    @Test
    void shouldWriteMediansRangesAndRoundsToJson(@TempDir final Path dir) throws Exception {
        THREE_ROUNDS.writeJson(dir.resolve("bench.json"));
        final JsonNode json = Json.mapper().readTree(dir.resolve("bench.json").toFile());
        final JsonNode c = json.get("workloads").get(2);
        assertEquals("c", c.get("key").asText());
        assertEquals(400, c.get("recordsPerSecond").asLong());
        assertEquals(250, c.get("minRecordsPerSecond").asLong());
        assertEquals(500, c.get("maxRecordsPerSecond").asLong());
        assertEquals(3, c.get("rounds").size());
        assertEquals(2, c.get("rounds").get(1).get("round").asInt());
        assertEquals(250, c.get("rounds").get(1).get("recordsPerSecond").asLong());
        assertEquals(0.8, json.get("ratios").get("scorerAlosOverStreamsIdentity").asDouble(), 1e-9);
        assertEquals(3, json.get("ratiosByRound").size());
        assertEquals(1.0, json.get("ratiosByRound").get(1).get("scorerAlosOverStreamsIdentity").asDouble(), 1e-9);
    }

    /** A round of (a)–(d) as {@link #round}, then (e) and (f) over {@code EMAILS} messages of 5,000 B each. */
    private static List<BenchResult.Workload> withEmail(final int round, final double eSeconds, final double fSeconds) {
        final List<BenchResult.Workload> r = new java.util.ArrayList<>(round(round, 1.0, 2.0, 2.5, 5.0));
        r.add(new BenchResult.Workload("e", "email scorer", round, EMAILS, EMAILS, eSeconds, eSeconds, EMAILS * 5_000L));
        r.add(new BenchResult.Workload("f", "raw identity", round, EMAILS, EMAILS, fSeconds, fSeconds, EMAILS * 5_000L));
        return r;
    }

    private static final long EMAILS = 600;

    // (e) 600/s, 300/s, 200/s; (f) 1200/s, 1500/s, 300/s -> (e)/(f) 0.5, 0.2, 0.667 -> median 0.5
    private static final BenchResult EMAIL_ROUNDS = new BenchResult(Map.of(), Map.of(), List.of(
            withEmail(1, 1.0, 0.5), withEmail(2, 2.0, 0.4), withEmail(3, 3.0, 2.0)), null);

    @Test
    void shouldReportEmailsAndMegabytesPerSecondAndTheMedianPerRoundRatioOfEOverF() {
        final BenchResult.Summary e = EMAIL_ROUNDS.summary("e");
        assertEquals(300.0, e.recordsPerSecond(), 1e-9);
        assertEquals(1.5, e.megabytesPerSecond(), 1e-9); // 300 messages/s x 5,000 B
        assertEquals(600, e.records());
        assertEquals(0.5, EMAIL_ROUNDS.ratio("e", "f"), 1e-9);
        assertEquals(0.2, EMAIL_ROUNDS.ratio("e", "f", 1), 1e-9);
        assertEquals(0.0, THREE_ROUNDS.summary("c").megabytesPerSecond(), 1e-9, "bytes not counted: 0 MB/s");

        final String table = BenchReport.table(EMAIL_ROUNDS);
        assertTrue(table.matches("(?s).*\\(e\\) email scorer\\s+300\\s+200 - 600\\s+1\\.5 .*"), table);
        assertTrue(table.contains(", (e)/(f) = 0.500 (target >= 0.33)"), table);
        assertTrue(table.contains("round 2: (c)/(b) = 0.800, (d)/(c) = 0.500, (b)/(a) = 0.500, (e)/(f) = 0.200"), table);
        assertTrue(!BenchReport.table(THREE_ROUNDS).contains("(e)/(f)"), "no (e)/(f) when the email workloads did not run");

        final String svg = BenchReport.svg(EMAIL_ROUNDS);
        assertTrue(svg.contains("raw email: (e) email scorer 300/s, 1.5 MB/s"), svg);
        assertTrue(svg.contains("(e)/(f) = 0.50 (target ≥ 0.33)"), svg);
        // (e) and (f) are text: on (a)-(d)'s records/s scale their bars would not show
        assertEquals(4, svg.split("<rect x=", -1).length - 1, svg);
    }

    @Test
    void shouldWriteTheEmailRatioAndMegabytesToJson(@TempDir final Path dir) throws Exception {
        EMAIL_ROUNDS.writeJson(dir.resolve("bench.json"));
        final JsonNode json = Json.mapper().readTree(dir.resolve("bench.json").toFile());
        final JsonNode e = json.get("workloads").get(4);
        assertEquals("e", e.get("key").asText());
        assertEquals(1.5, e.get("megabytesPerSecond").asDouble(), 1e-9);
        assertEquals(3_000_000, e.get("rounds").get(0).get("bytes").asLong());
        assertEquals(3.0, e.get("rounds").get(0).get("megabytesPerSecond").asDouble(), 1e-9);
        assertEquals(0.5, json.get("ratios").get("emailScorerOverRawIdentity").asDouble(), 1e-9);
        assertEquals(0.2, json.get("ratiosByRound").get(1).get("emailScorerOverRawIdentity").asDouble(), 1e-9);
        THREE_ROUNDS.writeJson(dir.resolve("features-only.json"));
        assertNull(Json.mapper().readTree(dir.resolve("features-only.json").toFile()).get("ratios").get("emailScorerOverRawIdentity"));
    }

    @Test
    void shouldSayWhereTheLatencyRateCameFrom() {
        final BenchResult.Latency l = new BenchResult.Latency(2000, 2000, 100, 10, 0, 3, 9, 12, 15, 0.5);
        final List<List<BenchResult.Workload>> rounds = List.of(round(1, 1.0, 2.0, 2.5, 5.0));
        final String given = BenchReport.svg(new BenchResult(Map.of(), Map.of(BenchRunner.LATENCY_RATE, "2000.0"), rounds, l));
        assertTrue(given.contains("open-loop at 2.0k/s (--latency-rate)"), given);
        final String half = BenchReport.svg(new BenchResult(Map.of(), Map.of(BenchRunner.LATENCY_RATE, BenchRunner.HALF_OF_C),
                rounds, l));
        assertTrue(half.contains("open-loop at 2.0k/s (half of (c))"), half);
    }

    @Test
    void shouldDrawAWhiskerPerWorkloadOnlyWhenThereAreSeveralRounds() {
        final String three = BenchReport.svg(THREE_ROUNDS);
        assertTrue(three.contains("median of 3 rounds"), three);
        assertEquals(4, three.split("stroke=\"#212121\"", -1).length - 1, three);
        final String one = BenchReport.svg(new BenchResult(Map.of(), Map.of(), List.of(round(1, 1.0, 2.0, 2.5, 5.0)), null));
        assertEquals(0, one.split("stroke=\"#212121\"", -1).length - 1, one);
    }

    @Test
    void shouldReportTheFixedRateLatencyAgainstItsTargetAndTheHalfOfCRunBesideIt(@TempDir final Path dir) throws IOException {
        final BenchResult.Latency fixed = new BenchResult.Latency(20000, 19990, 400000, 100000, 0, 4, 21, 40, 55, 1.5);
        final BenchResult.Latency half = new BenchResult.Latency(50000, 49900, 1000000, 250000, 2, 8, 130, 250, 300, 11.0);
        final BenchResult r = new BenchResult(Map.of(), Map.of(BenchRunner.LATENCY_RATE, "20000.0"),
                List.of(round(1, 1.0, 2.0, 2.5, 5.0)), fixed, half);
        final String table = BenchReport.table(r);
        assertTrue(table.contains("latency (c) at 20,000 records/s open-loop (achieved 19,990/s): p50 4 ms, p99 21 ms "
                + "(target <= 25), p99.9 40 ms"), table);
        assertTrue(table.contains("latency (c) at 50,000 records/s open-loop (half of (c)) (achieved 49,900/s): p50 8 ms, "
                + "p99 130 ms, p99.9 250 ms, max 300 ms; 1,000,000 records measured, 2 missing"), table);
        r.writeJson(dir.resolve("b.json"));
        final JsonNode json = Json.mapper().readTree(dir.resolve("b.json").toFile());
        assertEquals(20000, json.get("latency").get("targetRate").asLong());
        assertEquals(21.0, json.get("latency").get("p99Ms").asDouble());
        assertEquals(50000, json.get("latencyHalfOfC").get("targetRate").asLong());
        assertEquals(2, json.get("latencyHalfOfC").get("missing").asLong());
        THREE_ROUNDS.writeJson(dir.resolve("one.json"));
        assertNull(Json.mapper().readTree(dir.resolve("one.json").toFile()).get("latencyHalfOfC"));
    }
}
