package io.spamscorer.bench;

import io.spamscorer.mail.EmailLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The {@code run} and {@code settings} objects of {@code bench.json}: where and with what a run measured, so that
 * a figure can be read with its machine and settings. Insertion order is the order bench.json lists them in.
 */
final class RunInfo {

    private RunInfo() {
    }

    /** Run {@code id} on {@code broker}: this JVM and the machine it ran on. */
    static Map<String, String> run(final String id, final String broker) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("finished", Instant.now().toString());
        m.put("broker", broker);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        m.put("memory", memTotal());
        return m;
    }

    /**
     * The settings {@code s} with what the pre-load found: {@code bytes} of feature rows, and with raw email
     * ({@code mail} not null) its files and {@code mailBytes}.
     */
    static Map<String, String> settings(final BenchRunner.Settings s, final long bytes, final BenchMail mail,
                                        final long mailBytes) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("records", Integer.toString(s.records()));
        m.put("partitions", Integer.toString(s.partitions()));
        m.put("warmupRounds", Integer.toString(s.warmupRounds()));
        m.put("rounds", Integer.toString(s.rounds()));
        m.put("valueBytesAvg", String.format(Locale.ROOT, "%.1f", (double) bytes / s.records()));
        m.put("producer.linger.ms", Integer.toString(s.lingerMs()));
        m.put("producer.batch.size", Integer.toString(s.batchSize()));
        m.put("broker.log.segment.bytes", s.bootstrap() == null ? BenchRunner.SEGMENT_BYTES : "the broker's");
        m.put("num.stream.threads", Integer.toString(s.streamThreads()));
        m.put("commit.interval.ms", "Streams defaults: 30000 at_least_once, 100 exactly_once_v2");
        m.put("latency.producer.linger.ms", Integer.toString(s.latencyLingerMs()));
        m.put(BenchRunner.LATENCY_RATE, s.latencyRate() > 0 ? Double.toString(s.latencyRate()) : BenchRunner.HALF_OF_C);
        m.put("latencyWarmup", s.latencyWarmup().toString());
        m.put("latencyMeasured", s.latencyMeasured().toString());
        m.put("keepTopics", Boolean.toString(s.keepTopics()));
        s.scorerProperties().forEach((k, v) -> m.put("scorer." + k, v));
        m.put("emailRecords", Integer.toString(mail == null ? 0 : s.email().records()));
        if (mail != null) {
            m.put("emailModel", s.email().modelPath().toString());
            m.put("emailDirs", s.email().mailDirs().toString());
            m.put("emailFiles", Integer.toString(mail.size()));
            m.put("email.num.stream.threads", Integer.toString(s.email().streamThreads()));
            m.put("emailBytesAvg", String.format(Locale.ROOT, "%.1f", (double) mailBytes / s.email().records()));
            m.put("emailLargestBytes", Integer.toString(mail.largest()));
            m.put("emailGuarantee", StreamsConfig.AT_LEAST_ONCE);
            m.put("scorer.email.max.bytes", Long.toString(EmailLimits.DEFAULT_MAX_BYTES));
        }
        return m;
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.replaceAll("\\s+", " ").substring("MemTotal: ".length())).findFirst().orElse("unknown");
        } catch (final IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
