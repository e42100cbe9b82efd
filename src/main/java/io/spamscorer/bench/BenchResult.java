package io.spamscorer.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The outcome of one {@code bench} run, written as {@code bench.json}:
 * {@code {"run":{…},"settings":{…},"workloads":[{"key","name","recordsPerSecond","min…","max…",
 * "megabytesPerSecond","rounds":[…]}], "ratios":{…},"ratiosByRound":[…],"latency":{…}}}. Times are seconds or
 * milliseconds as named, rates records (for (e) and (f): raw messages) per second, MB 10^6 bytes of input values.
 *
 * <p>The workloads run in rounds, (a)–(d) one after the other in each, so that each ratio compares workloads that
 * ran a few seconds apart: on a VM whose speed drifts between minutes, a ratio of medians taken at different times
 * would mix that drift in. A workload's figure is the median of its rounds; a ratio is the median of the per-round
 * ratios.
 */
public record BenchResult(Map<String, String> run, Map<String, String> settings, List<List<Workload>> rounds,
                          Latency latency, Latency latencyHalfOfC) {

    /** The ratios' field names in {@code bench.json}, which {@link BenchBaseline} reads back: (c)/(b), (d)/(c), … */
    static final String C_OVER_B = "scorerAlosOverStreamsIdentity";
    static final String D_OVER_C = "scorerEosOverScorerAlos";
    static final String B_OVER_A = "streamsIdentityOverPlainLoop";
    static final String E_OVER_F = "emailScorerOverRawIdentity";

    /** Without a second latency run: {@code latency} is the only one (at --latency-rate, or at half of (c)). */
    public BenchResult(final Map<String, String> run, final Map<String, String> settings,
                       final List<List<Workload>> rounds, final Latency latency) {
        this(run, settings, rounds, latency, null);
    }

    public BenchResult {
        // insertion order is the order bench.json lists them in
        run = Collections.unmodifiableMap(new LinkedHashMap<>(run));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        final List<List<Workload>> copy = new ArrayList<>();
        for (final List<Workload> round : rounds) {
            copy.add(List.copyOf(round));
        }
        rounds = List.copyOf(copy);
    }

    /**
     * One throughput workload in one round. {@code seconds} runs from the first non-empty poll of its consumer to
     * the broker's LogAppendTime of its last output record; {@code observedSeconds} to when the bench saw it complete
     * (output end offsets, or committed input offsets under exactly-once), polled every 100 ms.
     */
    public record Workload(String key, String name, int round, long records, long outputs, double seconds,
                           double observedSeconds, long bytes, double cpuMicrosPerRecord) {

        /** A workload whose CPU was not measured ({@link #cpuMicrosPerRecord} NaN). */
        public Workload(final String key, final String name, final int round, final long records, final long outputs,
                        final double seconds, final double observedSeconds, final long bytes) {
            this(key, name, round, records, outputs, seconds, observedSeconds, bytes, Double.NaN);
        }

        /** A workload whose input bytes were not counted ({@link #megabytesPerSecond} 0) nor its CPU measured. */
        public Workload(final String key, final String name, final int round, final long records, final long outputs,
                        final double seconds, final double observedSeconds) {
            this(key, name, round, records, outputs, seconds, observedSeconds, 0);
        }

        public double recordsPerSecond() {
            return seconds <= 0 ? 0 : records / seconds;
        }

        /** Input value bytes read per second, in MB (10^6 bytes). */
        public double megabytesPerSecond() {
            return seconds <= 0 ? 0 : bytes / seconds / 1e6;
        }

        public double observedRecordsPerSecond() {
            return observedSeconds <= 0 ? 0 : records / observedSeconds;
        }
    }

    /** End-to-end latency of the scorer at a fixed open-loop input rate: LogAppendTime(out) − intended send time. */
    public record Latency(double targetRate, double achievedRate, long measured, long warmup, long missing,
                          double p50, double p99, double p999, double max, double maxSendLagMs) {
    }

    /**
     * A workload over all rounds: median, lowest and highest records/s, the fewest outputs of any round, and the
     * median CPU per record of its threads (NaN when not measured).
     */
    public record Summary(String key, String name, double recordsPerSecond, double minRecordsPerSecond,
                          double maxRecordsPerSecond, double observedRecordsPerSecond, double seconds, long records,
                          long minOutputs, double megabytesPerSecond, double cpuMicrosPerRecord) {
    }

    /** The workload keys in the order they ran, from the first round. */
    public List<String> keys() {
        return rounds.isEmpty() ? List.of() : rounds.get(0).stream().map(Workload::key).toList();
    }

    /** Every workload of every round, round by round. */
    public List<Workload> all() {
        return rounds.stream().flatMap(List::stream).toList();
    }

    /** Workload {@code key} over all rounds, or null when no round ran it. */
    public Summary summary(final String key) {
        final List<Workload> ws = all().stream().filter(w -> w.key().equals(key)).toList();
        if (ws.isEmpty()) {
            return null;
        }
        final double[] rates = ws.stream().mapToDouble(Workload::recordsPerSecond).toArray();
        return new Summary(key, ws.get(0).name(), median(rates), Arrays.stream(rates).min().orElseThrow(),
                Arrays.stream(rates).max().orElseThrow(), median(ws.stream().mapToDouble(Workload::observedRecordsPerSecond).toArray()),
                median(ws.stream().mapToDouble(Workload::seconds).toArray()), ws.get(0).records(),
                ws.stream().mapToLong(Workload::outputs).min().orElseThrow(),
                median(ws.stream().mapToDouble(Workload::megabytesPerSecond).toArray()),
                median(ws.stream().mapToDouble(Workload::cpuMicrosPerRecord).filter(Double::isFinite).toArray()));
    }

    /**
     * Median over the rounds of (CPU µs per record of {@code a} − that of {@code b}) in the same round; NaN when no
     * round measured both. For (c) and (b): what the scorer adds to a record's cost in the running topology.
     */
    public double cpuDifference(final String a, final String b) {
        return medianOverRounds(round -> {
            final Workload wa = find(round, a);
            final Workload wb = find(round, b);
            return wa == null || wb == null ? Double.NaN : wa.cpuMicrosPerRecord() - wb.cpuMicrosPerRecord();
        });
    }

    /** Median over the rounds of (throughput of {@code a} / throughput of {@code b}) in the same round; NaN if none. */
    public double ratio(final String a, final String b) {
        return medianOverRounds(round -> ratio(a, b, round));
    }

    /** Median of a per-round figure (round 0-based) over the rounds where it is finite; NaN when there is none. */
    private double medianOverRounds(final IntToDoubleFunction perRound) {
        return median(IntStream.range(0, rounds.size()).mapToDouble(perRound).filter(Double::isFinite).toArray());
    }

    /** Throughput of {@code a} over {@code b} in round {@code round} (0-based), or NaN when either is missing or 0. */
    public double ratio(final String a, final String b, final int round) {
        final Workload wa = find(round, a);
        final Workload wb = find(round, b);
        return wa == null || wb == null || wb.recordsPerSecond() == 0 ? Double.NaN : wa.recordsPerSecond() / wb.recordsPerSecond();
    }

    private Workload find(final int round, final String key) {
        return rounds.get(round).stream().filter(w -> w.key().equals(key)).findFirst().orElse(null);
    }

    /** Median (mean of the middle two for an even count), or NaN for no values. */
    static double median(final double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        final double[] v = values.clone();
        Arrays.sort(v);
        final int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    public void writeJson(final Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = Json.factory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            writeMap(g, "run", run);
            writeMap(g, "settings", settings);
            g.writeArrayFieldStart("workloads");
            for (final String key : keys()) {
                writeWorkload(g, key);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("ratios");
            writeRatios(g, -1);
            g.writeEndObject();
            g.writeArrayFieldStart("ratiosByRound");
            for (int i = 0; i < rounds.size(); i++) {
                g.writeStartObject();
                writeRatios(g, i);
                g.writeEndObject();
            }
            g.writeEndArray();
            final double scorerCpu = cpuDifference("c", "b");
            if (Double.isFinite(scorerCpu)) {
                g.writeNumberField("scorerCpuMicrosPerRecord", round(scorerCpu, 3));
            }
            writeLatency(g, "latency", latency);
            writeLatency(g, "latencyHalfOfC", latencyHalfOfC);
            g.writeEndObject();
        }
    }

    private static void writeLatency(final JsonGenerator g, final String field, final Latency l) throws IOException {
        if (l == null) {
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField("workload", "c");
        g.writeNumberField("targetRate", Math.round(l.targetRate()));
        g.writeNumberField("achievedRate", Math.round(l.achievedRate()));
        g.writeNumberField("measured", l.measured());
        g.writeNumberField("warmup", l.warmup());
        g.writeNumberField("missing", l.missing());
        g.writeNumberField("p50Ms", round(l.p50(), 1));
        g.writeNumberField("p99Ms", round(l.p99(), 1));
        g.writeNumberField("p999Ms", round(l.p999(), 1));
        g.writeNumberField("maxMs", round(l.max(), 1));
        g.writeNumberField("maxSendLagMs", round(l.maxSendLagMs(), 1));
        g.writeEndObject();
    }

    private void writeWorkload(final JsonGenerator g, final String key) throws IOException {
        final Summary s = summary(key);
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeStringField("name", s.name());
        g.writeNumberField("records", s.records());
        g.writeNumberField("minOutputs", s.minOutputs());
        g.writeNumberField("recordsPerSecond", Math.round(s.recordsPerSecond()));
        g.writeNumberField("minRecordsPerSecond", Math.round(s.minRecordsPerSecond()));
        g.writeNumberField("maxRecordsPerSecond", Math.round(s.maxRecordsPerSecond()));
        g.writeNumberField("megabytesPerSecond", round(s.megabytesPerSecond(), 2));
        writeCpu(g, s.cpuMicrosPerRecord());
        g.writeArrayFieldStart("rounds");
        for (final Workload w : all()) {
            if (w.key().equals(key)) {
                g.writeStartObject();
                g.writeNumberField("round", w.round());
                g.writeNumberField("outputs", w.outputs());
                g.writeNumberField("seconds", round(w.seconds(), 3));
                g.writeNumberField("recordsPerSecond", Math.round(w.recordsPerSecond()));
                g.writeNumberField("observedSeconds", round(w.observedSeconds(), 3));
                g.writeNumberField("observedRecordsPerSecond", Math.round(w.observedRecordsPerSecond()));
                g.writeNumberField("bytes", w.bytes());
                g.writeNumberField("megabytesPerSecond", round(w.megabytesPerSecond(), 2));
                writeCpu(g, w.cpuMicrosPerRecord());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The CPU per record of a workload's own threads, when it was measured. */
    private static void writeCpu(final JsonGenerator g, final double micros) throws IOException {
        if (Double.isFinite(micros)) {
            g.writeNumberField("cpuMicrosPerRecord", round(micros, 3));
        }
    }

    /**
     * The ratios of round {@code round} (0-based), or their medians over the rounds for -1; the raw email one only
     * when (e) and (f) ran.
     */
    private void writeRatios(final JsonGenerator g, final int round) throws IOException {
        writeRatio(g, C_OVER_B, "c", "b", round);
        writeRatio(g, D_OVER_C, "d", "c", round);
        writeRatio(g, B_OVER_A, "b", "a", round);
        if (keys().contains("e") && keys().contains("f")) {
            writeRatio(g, E_OVER_F, "e", "f", round);
        }
    }

    private void writeRatio(final JsonGenerator g, final String field, final String a, final String b, final int round)
            throws IOException {
        g.writeNumberField(field, round(round < 0 ? ratio(a, b) : ratio(a, b, round), 3));
    }

    private static void writeMap(final JsonGenerator g, final String name, final Map<String, String> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (final Map.Entry<String, String> e : m.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static double round(final double v, final int digits) {
        if (!Double.isFinite(v)) {
            return 0;
        }
        final double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
