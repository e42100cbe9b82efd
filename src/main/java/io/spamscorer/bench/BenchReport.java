package io.spamscorer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link BenchResult} for people: a plain-text table ({@link #table}) and a self-contained SVG
 * ({@link #writeSvg}, {@code bench.svg}) with throughput bars for (a)–(d) on the left (median of the rounds, a
 * whisker from the lowest to the highest round), (e) and (f) as a line of text under them, and the scorer's latency
 * percentiles on the right, the targets drawn as dashed lines. Given a {@link BenchBaseline} (an earlier run, {@code
 * bench --compare}), each bar gets a grey "before" bar beside it and each ratio and the p99 its earlier value.
 */
public final class BenchReport {

    private static final int W = 860;
    private static final int H = 420;
    private static final int TOP = 70;
    private static final int PLOT_H = 240;
    private static final String[] COLORS = {"#9e9e9e", "#5c6bc0", "#26a69a", "#ef6c00"};
    private static final String BEFORE = "#cfd8dc";
    private static final double LATENCY_TARGET_MS = 25;
    /** The raw email workloads, reported as text under the chart rather than as bars. */
    private static final List<String> RAW_EMAIL = List.of("e", "f");

    private BenchReport() {
    }

    private static String micros(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }

    public static String table(final BenchResult r) {
        return table(r, null);
    }

    /** The table, and with {@code before} a last line giving the earlier run's headline figures. */
    public static String table(final BenchResult r, final BenchBaseline before) {
        final StringBuilder sb = new StringBuilder();
        final int n = r.rounds().size();
        sb.append(String.format(Locale.ROOT, "%-30s %12s %21s %8s %9s %14s %10s %11s%n", "workload", "records/s",
                "min - max of " + n + (n == 1 ? " round" : " rounds"), "MB/s", "seconds", "by completion", "outputs",
                "CPU us/rec"));
        for (final String key : r.keys()) {
            final BenchResult.Summary w = r.summary(key);
            sb.append(String.format(Locale.ROOT, "%-30s %,12.0f %21s %8.1f %9.2f %,14.0f %,10d %11s%n", "(" + key + ") " + w.name(),
                    w.recordsPerSecond(), String.format(Locale.ROOT, "%,.0f - %,.0f", w.minRecordsPerSecond(),
                            w.maxRecordsPerSecond()), w.megabytesPerSecond(), w.seconds(), w.observedRecordsPerSecond(),
                    w.minOutputs(), micros(w.cpuMicrosPerRecord())));
        }
        final double scorerCpu = r.cpuDifference("c", "b");
        if (Double.isFinite(scorerCpu)) {
            sb.append(String.format(Locale.ROOT, "CPU per record of each workload's own threads (stream threads and client I/O; "
                    + "not GC or JIT); the scorer adds (c) - (b) = %.2f us per record%s%n", scorerCpu,
                    n > 1 ? " (median of the per-round differences)" : ""));
        }
        final boolean email = r.keys().contains("e") && r.keys().contains("f");
        sb.append(String.format(Locale.ROOT, "ratios%s: (c)/(b) = %.3f (target >= 0.60), (d)/(c) = %.3f (target >= 0.85), "
                + "(b)/(a) = %.3f%s%n", n > 1 ? " (median of the per-round ratios)" : "", r.ratio("c", "b"), r.ratio("d", "c"),
                r.ratio("b", "a"), email ? String.format(Locale.ROOT, ", (e)/(f) = %.3f (target >= 0.33)", r.ratio("e", "f")) : ""));
        for (int i = 0; n > 1 && i < n; i++) {
            sb.append(String.format(Locale.ROOT, "  round %d: (c)/(b) = %.3f, (d)/(c) = %.3f, (b)/(a) = %.3f%s%n", i + 1,
                    r.ratio("c", "b", i), r.ratio("d", "c", i), r.ratio("b", "a", i),
                    email ? String.format(Locale.ROOT, ", (e)/(f) = %.3f", r.ratio("e", "f", i)) : ""));
        }
        latencyLine(sb, r.latency(), " (target <= 25)");
        latencyLine(sb, r.latencyHalfOfC(), " (half of (c))");
        if (before != null) {
            beforeLine(sb, before);
        }
        return sb.toString();
    }

    private static void beforeLine(final StringBuilder sb, final BenchBaseline b) {
        sb.append(String.format(Locale.ROOT, "before, %s: (c) %,.0f records/s, (c)/(b) = %s, (d)/(c) = %s, (e)/(f) = %s",
                b.label(), b.recordsPerSecond().getOrDefault("c", Double.NaN), ratioText(b.ratio(BenchResult.C_OVER_B)),
                ratioText(b.ratio(BenchResult.D_OVER_C)), ratioText(b.ratio(BenchResult.E_OVER_F))));
        if (Double.isFinite(b.latencyP99())) {
            sb.append(String.format(Locale.ROOT, ", p99 %.0f ms at %,.0f records/s", b.latencyP99(), b.latencyRate()));
        }
        sb.append(System.lineSeparator());
    }

    private static String ratioText(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "not measured";
    }

    public static void writeSvg(final BenchResult r, final Path file) throws IOException {
        writeSvg(r, null, file);
    }

    /** The chart; {@code before} null draws this run alone. */
    public static void writeSvg(final BenchResult r, final BenchBaseline before, final Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg(r, before), StandardCharsets.UTF_8);
    }

    static String svg(final BenchResult r) {
        return svg(r, null);
    }

    static String svg(final BenchResult r, final BenchBaseline before) {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"24\" font-size=\"16\" font-weight=\"bold\">spam-scorer bench: "
                + "%s records, %s B values, %s partitions</text>%n", fmt(parse(r.settings().get("records"))),
                r.settings().get("valueBytesAvg"), r.settings().get("partitions")));
        sb.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"44\" fill=\"#555\">%s · %s CPUs · %s · broker %s</text>%n",
                esc(r.run().get("java")), r.run().get("cpus"), esc(r.run().get("memory")), esc(shortBroker(r.run().get("broker")))));
        throughputPanel(sb, r, before, 60, 480);
        latencyPanel(sb, r.latency(), BenchRunner.HALF_OF_C.equals(r.settings().get(BenchRunner.LATENCY_RATE)), 600, 240);
        if (before != null) {
            if (Double.isFinite(before.latencyP99())) {
                sb.append(String.format(Locale.ROOT, "<text x=\"600\" y=\"%d\" fill=\"#333\" font-size=\"11\">before: p99 %.0f ms "
                        + "at %s/s</text>%n", TOP + PLOT_H + 52, before.latencyP99(), fmt(before.latencyRate())));
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"60\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n"
                    + "<text x=\"74\" y=\"%d\" fill=\"#555\" font-size=\"11\">before: %s</text>%n",
                    TOP + PLOT_H + 83, BEFORE, TOP + PLOT_H + 92, esc(before.label())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void throughputPanel(final StringBuilder sb, final BenchResult r, final BenchBaseline before,
                                        final int x0, final int width) {
        // (e) and (f) move messages 15-20x larger at a few thousand per second: bars on the records/s scale of (a)-(d)
        // would be invisible, so they get a line of text of their own
        final List<BenchResult.Summary> ws = r.keys().stream().filter(k -> !RAW_EMAIL.contains(k)).map(r::summary).toList();
        double max = 1;
        for (final BenchResult.Summary w : ws) {
            max = Math.max(max, Math.max(w.maxRecordsPerSecond(), beforeRate(before, w.key())));
        }
        max = niceCeil(max);
        final int n = r.rounds().size();
        axis(sb, x0, width, max, "records/s (first read → last append)" + (n > 1 ? ", median of " + n + " rounds" : ""));
        final int slot = width / Math.max(1, ws.size());
        for (int i = 0; i < ws.size(); i++) {
            final BenchResult.Summary w = ws.get(i);
            final double h = PLOT_H * w.recordsPerSecond() / max;
            final int bw0 = slot * 2 / 3;
            final double was = beforeRate(before, w.key());
            // with a before run, its bar takes the left 2/5 of the slot's bar width and this run's the rest
            final int bw = was > 0 ? bw0 * 3 / 5 : bw0;
            final int x = x0 + i * slot + slot / 6 + (bw0 - bw);
            if (was > 0) {
                final double hb = PLOT_H * was / max;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>%n",
                        x - (bw0 - bw), TOP + PLOT_H - hb, bw0 - bw, hb, BEFORE));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#777\" "
                        + "font-size=\"10\">%s</text>%n", x - (bw0 - bw) / 2, TOP + PLOT_H - hb - 4, fmt(was)));
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>%n",
                    x, TOP + PLOT_H - h, bw, h, COLORS[i % COLORS.length]));
            // the whisker spans the slowest to the fastest round; the value sits above whichever is higher
            final double hi = TOP + PLOT_H - PLOT_H * w.maxRecordsPerSecond() / max;
            if (n > 1) {
                final double lo = TOP + PLOT_H - PLOT_H * w.minRecordsPerSecond() / max;
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#212121\"/>%n",
                        x + bw / 2, lo, x + bw / 2, hi));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
                    x + bw / 2, Math.min(TOP + PLOT_H - h, hi) - 5, fmt(w.recordsPerSecond())));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">(%s)</text>%n",
                    x - (bw0 - bw) + bw0 / 2, TOP + PLOT_H + 16, w.key()));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                    x - (bw0 - bw) + bw0 / 2, TOP + PLOT_H + 30, esc(w.name())));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#333\">(c)/(b) = %.2f (%starget ≥ 0.60) · "
                + "(d)/(c) = %.2f (%starget ≥ 0.85)</text>%n", x0, TOP + PLOT_H + 52, r.ratio("c", "b"),
                beforeRatio(before, BenchResult.C_OVER_B), r.ratio("d", "c"), beforeRatio(before, BenchResult.D_OVER_C)));
        final BenchResult.Summary e = r.summary("e");
        final BenchResult.Summary f = r.summary("f");
        if (e != null && f != null) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#333\" font-size=\"11\">raw email: (e) %s %s/s, %.1f MB/s · "
                    + "(f) %s %s/s, %.1f MB/s · (e)/(f) = %.2f (%starget ≥ 0.33)</text>%n", x0, TOP + PLOT_H + 72, esc(e.name()),
                    fmt(e.recordsPerSecond()), e.megabytesPerSecond(), esc(f.name()), fmt(f.recordsPerSecond()),
                    f.megabytesPerSecond(), r.ratio("e", "f"), beforeRatio(before, BenchResult.E_OVER_F)));
        }
    }

    /** The earlier run's median records/s of a workload, 0 when there is none to draw. */
    private static double beforeRate(final BenchBaseline before, final String key) {
        return before == null ? 0 : before.recordsPerSecond().getOrDefault(key, 0.0);
    }

    /** "before 0.36, " or nothing. */
    private static String beforeRatio(final BenchBaseline before, final String name) {
        return before == null || !Double.isFinite(before.ratio(name)) ? ""
                : String.format(Locale.ROOT, "before %.2f, ", before.ratio(name));
    }

    private static void latencyLine(final StringBuilder sb, final BenchResult.Latency l, final String note) {
        if (l != null) {
            final boolean target = note.contains("target");
            sb.append(String.format(Locale.ROOT, "latency (c) at %,.0f records/s open-loop%s (achieved %,.0f/s): p50 %.0f ms, "
                            + "p99 %.0f ms%s, p99.9 %.0f ms, max %.0f ms; %,d records measured, %,d missing, "
                            + "max sender lag %.1f ms%n", l.targetRate(), target ? "" : note, l.achievedRate(), l.p50(), l.p99(),
                    target ? note : "", l.p999(), l.max(), l.measured(), l.missing(), l.maxSendLagMs()));
        }
    }

    private static void latencyPanel(final StringBuilder sb, final BenchResult.Latency l, final boolean halfOfC,
                                     final int x0, final int width) {
        if (l == null) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">latency: not measured</text>%n", x0, TOP + 20));
            return;
        }
        final double[] v = {l.p50(), l.p99(), l.p999()};
        final String[] names = {"p50", "p99", "p99.9"};
        double max = LATENCY_TARGET_MS * 1.2;
        for (final double d : v) {
            max = Math.max(max, d);
        }
        max = niceCeil(max);
        axis(sb, x0, width, max, "latency of (c), ms");
        final int slot = width / v.length;
        for (int i = 0; i < v.length; i++) {
            final double h = PLOT_H * Math.max(0, v[i]) / max;
            final int x = x0 + i * slot + slot / 6;
            final int bw = slot * 2 / 3;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>%n",
                    x, TOP + PLOT_H - h, bw, h, COLORS[2]));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">%.0f</text>%n",
                    x + bw / 2, TOP + PLOT_H - h - 5, v[i]));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x + bw / 2, TOP + PLOT_H + 16, names[i]));
        }
        final double ty = TOP + PLOT_H - PLOT_H * LATENCY_TARGET_MS / max;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c62828\" "
                + "stroke-dasharray=\"5,4\"/>%n", x0, ty, x0 + width, ty));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#c62828\" font-size=\"10\">"
                + "p99 target 25 ms</text>%n", x0 + width, ty - 3));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#333\" font-size=\"11\">open-loop at %s/s "
                + "%s</text>%n", x0, TOP + PLOT_H + 36, fmt(l.targetRate()), halfOfC ? "(half of (c))" : "(--latency-rate)"));
    }

    private static void axis(final StringBuilder sb, final int x0, final int width, final double max, final String label) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x0, TOP - 10, esc(label)));
        for (int i = 0; i <= 4; i++) {
            final double y = TOP + PLOT_H - PLOT_H * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n",
                    x0, y, x0 + width, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#777\" font-size=\"10\">%s</text>%n",
                    x0 - 4, y + 3, fmt(max * i / 4)));
        }
    }

    private static double niceCeil(final double v) {
        final double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String fmt(final double v) {
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1000);
        }
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%.1fk", v / 1000);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static double parse(final String s) {
        try {
            return Double.parseDouble(s);
        } catch (final RuntimeException e) {
            return 0;
        }
    }

    private static String shortBroker(final String s) {
        return s == null ? "" : s.replaceAll(" \\(.*", "");
    }

    private static String esc(final String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
