package io.spamscorer.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code bench} run, written as {@code bench.json}:
 * {@code {"run":{…},"settings":{…},"workloads":[{"key","name","records","seconds","recordsPerSecond",…}],
 * "ratios":{…},"latency":{…}}}. Times are milliseconds, rates records per second.
 */
public record BenchResult(Map<String, String> run, Map<String, String> settings, List<Workload> workloads,
                          Latency latency) {

    /**
     * One throughput workload. {@code seconds} runs from the first non-empty poll of its consumer to the broker's
     * LogAppendTime of its last output record; {@code observedSeconds} to when the bench saw it complete (output
     * end offsets, or committed input offsets under exactly-once), polled every 100 ms.
     */
    public record Workload(String key, String name, long records, long outputs, double seconds, double observedSeconds) {

        public double recordsPerSecond() {
            return seconds <= 0 ? 0 : records / seconds;
        }

        public double observedRecordsPerSecond() {
            return observedSeconds <= 0 ? 0 : records / observedSeconds;
        }
    }

    /** End-to-end latency of the scorer at a fixed open-loop input rate: LogAppendTime(out) − intended send time. */
    public record Latency(double targetRate, double achievedRate, long measured, long warmup, long missing,
                          double p50, double p99, double p999, double max, double maxSendLagMs) {
    }

    public Workload workload(final String key) {
        return workloads.stream().filter(w -> w.key().equals(key)).findFirst().orElse(null);
    }

    /** Throughput of workload {@code a} over workload {@code b}, or NaN when either is missing. */
    public double ratio(final String a, final String b) {
        final Workload wa = workload(a);
        final Workload wb = workload(b);
        return wa == null || wb == null || wb.recordsPerSecond() == 0 ? Double.NaN : wa.recordsPerSecond() / wb.recordsPerSecond();
    }

    public void writeJson(final Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = Json.factory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            writeMap(g, "run", run);
            writeMap(g, "settings", settings);
            g.writeArrayFieldStart("workloads");
            for (final Workload w : workloads) {
                g.writeStartObject();
                g.writeStringField("key", w.key());
                g.writeStringField("name", w.name());
                g.writeNumberField("records", w.records());
                g.writeNumberField("outputs", w.outputs());
                g.writeNumberField("seconds", round(w.seconds(), 3));
                g.writeNumberField("recordsPerSecond", Math.round(w.recordsPerSecond()));
                g.writeNumberField("observedSeconds", round(w.observedSeconds(), 3));
                g.writeNumberField("observedRecordsPerSecond", Math.round(w.observedRecordsPerSecond()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("ratios");
            g.writeNumberField("scorerAlosOverStreamsIdentity", round(ratio("c", "b"), 3));
            g.writeNumberField("scorerEosOverScorerAlos", round(ratio("d", "c"), 3));
            g.writeNumberField("streamsIdentityOverPlainLoop", round(ratio("b", "a"), 3));
            g.writeEndObject();
            if (latency != null) {
                g.writeObjectFieldStart("latency");
                g.writeStringField("workload", "c");
                g.writeNumberField("targetRate", Math.round(latency.targetRate()));
                g.writeNumberField("achievedRate", Math.round(latency.achievedRate()));
                g.writeNumberField("measured", latency.measured());
                g.writeNumberField("warmup", latency.warmup());
                g.writeNumberField("missing", latency.missing());
                g.writeNumberField("p50Ms", round(latency.p50(), 1));
                g.writeNumberField("p99Ms", round(latency.p99(), 1));
                g.writeNumberField("p999Ms", round(latency.p999(), 1));
                g.writeNumberField("maxMs", round(latency.max(), 1));
                g.writeNumberField("maxSendLagMs", round(latency.maxSendLagMs(), 1));
                g.writeEndObject();
            }
            g.writeEndObject();
        }
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
