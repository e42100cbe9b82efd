package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --compare}: an earlier bench.json read back, and drawn and printed beside a new run as "before". */
class BenchBaselineTest {

    /** The recorded run before issue 14 (BENCHMARKS.md, "the recorded run"). */
    private static final Path RECORDED = Path.of("docs/bench/bench.json");

    private static BenchResult oneRound(final double a, final double b, final double c, final double d) {
        final List<BenchResult.Workload> round = List.of(w("a", a), w("b", b), w("c", c), w("d", d));
        return new BenchResult(Map.of(), Map.of(), List.of(round),
                new BenchResult.Latency(20000, 20000, 400000, 100000, 0, 4, 21, 40, 55, 1.5));
    }

    /** 1,000 records at {@code rate} records/s. */
    private static BenchResult.Workload w(final String key, final double rate) {
        return new BenchResult.Workload(key, "workload " + key, 1, 1000, 1000, 1000 / rate, 1000 / rate);
    }

    @Test
    void readsTheMediansRatiosAndLatencyOfARecordedRun() {
        final BenchBaseline b = BenchBaseline.read(RECORDED);
        assertEquals("bench.json (2026-11-28)", b.label());
        assertEquals(108802.0, b.recordsPerSecond().get("c"));
        assertEquals(List.of("a", "b", "c", "d"), b.recordsPerSecond().keySet().stream().sorted().toList());
        assertEquals(0.364, b.ratio(BenchResult.C_OVER_B));
        assertEquals(0.829, b.ratio(BenchResult.D_OVER_C));
        assertTrue(Double.isNaN(b.ratio(BenchResult.E_OVER_F)), "that run had no raw email workloads");
        assertEquals(54401.0, b.latencyRate());
        assertEquals(132.0, b.latencyP99());
    }

    @Test
    void refusesAFieldThatIsNotANumberNamingIt(@TempDir final Path dir) throws IOException {
        final Path f = dir.resolve("b.json");
        Files.writeString(f, "{\"workloads\":[{\"key\":\"a\",\"recordsPerSecond\":1},{\"key\":\"b\",\"recordsPerSecond\":\"fast\"}]}");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchBaseline.read(f));
        assertEquals(f + ": workloads[1].recordsPerSecond is missing or not a number", e.getMessage());
    }

    @Test
    void refusesAWorkloadWithoutAKeyNamingIt(@TempDir final Path dir) throws IOException {
        final Path f = dir.resolve("b.json");
        Files.writeString(f, "{\"workloads\":[{\"recordsPerSecond\":1}]}");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchBaseline.read(f));
        assertEquals(f + ": workloads[0].key is missing or not a string", e.getMessage());
    }

    @Test
    void drawsAGreyBeforeBarBesideEachWorkloadAndTheEarlierRatios() {
        final BenchBaseline before = BenchBaseline.read(RECORDED);
        final String svg = BenchReport.svg(oneRound(500_000, 400_000, 240_000, 200_000), before);
        assertEquals(5, svg.split("fill=\"#cfd8dc\"", -1).length - 1, "four before bars and the legend's swatch: " + svg);
        assertTrue(svg.contains(">109k</text>"), "the before bar of (c) is labelled with its rate: " + svg);
        assertTrue(svg.contains("(c)/(b) = 0.60 (before 0.36, target ≥ 0.60)"), svg);
        assertTrue(svg.contains("(d)/(c) = 0.83 (before 0.83, target ≥ 0.85)"), svg);
        assertTrue(svg.contains("before: p99 132 ms at 54k/s"), svg);
        assertTrue(svg.contains("before: bench.json (2026-11-28)"), svg);
    }

    @Test
    void drawsNoBeforeBarsWithoutAnEarlierRun() {
        final String svg = BenchReport.svg(oneRound(500_000, 400_000, 240_000, 200_000), null);
        assertFalse(svg.contains("#cfd8dc"), svg);
        assertTrue(svg.contains("(c)/(b) = 0.60 (target ≥ 0.60)"), svg);
    }

    @Test
    void printsTheEarlierRunsHeadlineFiguresUnderTheTable() {
        final String table = BenchReport.table(oneRound(500_000, 400_000, 240_000, 200_000), BenchBaseline.read(RECORDED));
        assertTrue(table.contains("before, bench.json (2026-11-28): (c) 108,802 records/s, (c)/(b) = 0.364, "
                + "(d)/(c) = 0.829, (e)/(f) = not measured, p99 132 ms at 54,401 records/s"), table);
    }
}
