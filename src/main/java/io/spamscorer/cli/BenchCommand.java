package io.spamscorer.cli;

import io.spamscorer.bench.BenchBaseline;
import io.spamscorer.bench.BenchReport;
import io.spamscorer.bench.BenchResult;
import io.spamscorer.bench.BenchRunner;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: pre-loads Spambase-like records into a 4-partition topic and measures, side by side on one broker,
 * a plain consumer→producer loop, a Kafka Streams identity topology and the scorer (at-least-once and
 * exactly-once v2); then, on a second topic of raw messages, the email scorer and an identity topology; then the
 * scorer's end-to-end latency at a fixed rate and at half its throughput. Prints a table and writes
 * {@code bench.json} and {@code bench.svg} into {@code --out}. See BENCHMARKS.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput and end-to-end latency of the scorer against a plain Kafka loop and a Kafka "
                + "Streams identity topology, on an embedded broker or a given one; writes bench.json and bench.svg.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Records to pre-load and push through each workload (default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this broker instead of starting an embedded one (topics bench-<run>-* are created and deleted).")
    private String bootstrap;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
            description = "Where to write bench.json and bench.svg (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "config/model.json", description = "Model file (default: ${DEFAULT-VALUE}).")
    private Path modelPath;

    @Option(names = "--data", paramLabel = "CSV", defaultValue = "data/spambase.csv",
            description = "Spambase CSV the records are made from (default: ${DEFAULT-VALUE}).")
    private Path dataPath;

    @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "5",
            description = "producer linger.ms for the loop and the Streams apps (default: ${DEFAULT-VALUE}).")
    private int lingerMs;

    @Option(names = "--batch-size", paramLabel = "BYTES", defaultValue = "65536",
            description = "producer batch.size for the loop and the Streams apps (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--latency-warmup-seconds", paramLabel = "S", defaultValue = "15",
            description = "Seconds of open-loop latency load sent first and not measured, while both JVMs compile "
                    + "the latency run's paths (default: ${DEFAULT-VALUE}).")
    private int latencyWarmupSeconds;

    @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "20",
            description = "Seconds of open-loop latency load measured, after the warm-up (default: ${DEFAULT-VALUE}).")
    private int latencySeconds;

    @Option(names = "--latency-linger-ms", paramLabel = "MS", defaultValue = "1",
            description = "The scorer's producer linger.ms in the latency run (default: ${DEFAULT-VALUE}).")
    private int latencyLingerMs;

    @Option(names = "--latency-rate", paramLabel = "RECORDS_PER_S", defaultValue = "20000",
            description = "Open-loop input rate of the first latency run; a second one runs at half of (c)'s measured "
                    + "throughput; 0: only that one (default: ${DEFAULT-VALUE}).")
    private double latencyRate;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "1",
            description = "num.stream.threads of the Streams workloads (b), (c), (d) and the latency run "
                    + "(default: ${DEFAULT-VALUE}).")
    private int streamThreads;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Rounds of (a)-(d), run one after the other; each figure is the median of the rounds and "
                    + "each ratio the median of the per-round ratios (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "1",
            description = "Rounds of (a)-(d) run first and not counted, while both JVMs compile their hot paths "
                    + "(default: ${DEFAULT-VALUE}).")
    private int warmupRounds;

    @Option(names = "--email-records", paramLabel = "N", defaultValue = "60000",
            description = "Raw messages pushed through (e) the email scorer and (f) a Streams identity topology, the "
                    + "--mail corpus cycled; 0 skips (e) and (f) (default: ${DEFAULT-VALUE}).")
    private int emailRecords;

    @Option(names = "--email-stream-threads", paramLabel = "N", defaultValue = "0",
            description = "num.stream.threads of (e) and (f); 0: one per core of this machine, as an email "
                    + "deployment would run, the email work being CPU-bound (default: ${DEFAULT-VALUE}).")
    private int emailStreamThreads;

    @Option(names = "--email-model", paramLabel = "FILE", defaultValue = ScorerConfig.EMAIL_MODEL_PATH,
            description = "Model with a featurizer for (e) (default: ${DEFAULT-VALUE}).")
    private Path emailModelPath;

    @Option(names = "--mail", paramLabel = "DIR", split = ",", defaultValue = "data/mail/train,data/mail/demo",
            description = "Directories whose files (raw RFC 5322 messages) feed (e) and (f) (default: ${DEFAULT-VALUE}).")
    private List<Path> mailDirs;

    @Option(names = "--keep-topics", description = "With --bootstrap: leave the bench-<run>-* topics on the broker "
            + "for inspection instead of deleting them.")
    private boolean keepTopics;

    @Option(names = "--scorer-property", paramLabel = "KEY=VALUE",
            description = "A scorer setting (Streams, client or scorer.* key, as in the properties file) for the scorer "
                    + "workloads (c), (d), (e) and the latency runs only, so that a setting is measured against the "
                    + "unchanged baselines (a), (b) and (f) of the same run; repeatable.")
    private Map<String, String> scorerProperties = new LinkedHashMap<>();

    @Option(names = "--compare", paramLabel = "BENCH_JSON",
            description = "An earlier run's bench.json (e.g. docs/bench/bench.json) drawn in bench.svg and printed "
                    + "beside this run's figures as \"before\".")
    private Path compare;

    private BenchBaseline before;

    private static final Duration BOOTSTRAP_CHECK = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    /** One message per bad option, naming it and the value given. */
    private void validate() {
        OptionChecks.atLeast(spec, "--records", records, 1);
        OptionChecks.atLeast(spec, "--batch-size", batchSize, 1);
        OptionChecks.atLeast(spec, "--linger-ms", lingerMs, 0);
        OptionChecks.atLeast(spec, "--latency-linger-ms", latencyLingerMs, 0);
        OptionChecks.within(spec, "--latency-warmup-seconds", latencyWarmupSeconds, 0, 600);
        OptionChecks.within(spec, "--latency-seconds", latencySeconds, 1, 600);
        OptionChecks.within(spec, "--stream-threads", streamThreads, 1, 16);
        OptionChecks.within(spec, "--rounds", rounds, 1, 20);
        OptionChecks.within(spec, "--warmup-rounds", warmupRounds, 0, 5);
        if (!(latencyRate >= 0) || Double.isInfinite(latencyRate)) {
            throw OptionChecks.bad(spec, "--latency-rate must be a finite number >= 0 (0: only half of (c)), got " + latencyRate);
        }
        OptionChecks.atLeast(spec, "--email-records", emailRecords, 0);
        OptionChecks.within(spec, "--email-stream-threads", emailStreamThreads, 0, 16);
        if (emailRecords > 0) {
            checkEmailInputs();
        }
        checkScorerProperties();
        if (compare != null) {
            try {
                before = BenchBaseline.read(compare);
            } catch (final IllegalArgumentException e) {
                throw OptionChecks.bad(spec, "--compare " + e.getMessage());
            }
        }
    }

    /** The scorer workloads come minutes into a run: a setting the scorer would refuse must fail now. */
    private void checkScorerProperties() {
        for (final String key : scorerProperties.keySet()) {
            if (BenchRunner.OWN_KEYS.contains(key)) {
                throw OptionChecks.bad(spec, "--scorer-property " + key + ": the bench sets this key itself for each"
                        + " workload (use --stream-threads, --email-stream-threads, --model or --email-model where they apply)");
            }
        }
        final Map<String, String> probe = new LinkedHashMap<>();
        probe.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench");
        probe.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        probe.putAll(scorerProperties);
        try {
            ScorerConfig.of(probe);
        } catch (final ConfigurationException e) {
            throw OptionChecks.bad(spec, "--scorer-property: " + e.getMessage());
        }
    }

    /** (e) runs after minutes of (a)-(d): a missing corpus or an unusable model must fail now. */
    private void checkEmailInputs() {
        for (final Path dir : mailDirs) {
            if (!Files.isDirectory(dir)) {
                throw OptionChecks.bad(spec, "--mail " + dir + " is not a directory (--email-records 0 skips the raw email workloads)");
            }
        }
        try {
            ModelCompatibility.checkEmail(ModelLoader.load(emailModelPath));
        } catch (final ModelException e) {
            throw OptionChecks.bad(spec, "--email-model " + emailModelPath + ": " + e.getMessage()
                    + " (--email-records 0 skips the raw email workloads)");
        }
    }

    /** The output directory must take files now, not after a run of many minutes. */
    private void checkOut() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw OptionChecks.bad(spec, "--out " + out + " is not a directory");
        }
        try {
            Files.createDirectories(out);
            Files.delete(Files.createTempFile(out, ".bench-", ".tmp"));
        } catch (final IOException | SecurityException e) {
            throw OptionChecks.bad(spec, "--out " + out + " is not a writable directory: " + e);
        }
    }

    /** A broker that does not answer within a few seconds is a typo or a down broker, not a slow benchmark. */
    private void checkBootstrap() {
        if (bootstrap == null) {
            return;
        }
        final Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BOOTSTRAP_CHECK.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BOOTSTRAP_CHECK.toMillis(),
                // One connection attempt in the window: each failed one logs a WARN line of its own.
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, BOOTSTRAP_CHECK.toMillis(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, BOOTSTRAP_CHECK.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(BOOTSTRAP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final KafkaException e) {
            throw OptionChecks.bad(spec, "--bootstrap " + bootstrap + " is not usable: " + e.getMessage());
        } catch (final ExecutionException | TimeoutException e) {
            throw OptionChecks.bad(spec, "--bootstrap " + bootstrap + ": no broker answered within "
                    + BOOTSTRAP_CHECK.toSeconds() + " s" + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OptionChecks.bad(spec, "--bootstrap " + bootstrap + ": interrupted while checking the broker");
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        checkOut();
        checkBootstrap();
        final BenchRunner.Settings settings = new BenchRunner.Settings(records, bootstrap, modelPath, dataPath, 4, lingerMs,
                batchSize, Duration.ofSeconds(latencyWarmupSeconds), Duration.ofSeconds(latencySeconds), latencyLingerMs,
                latencyRate, streamThreads, warmupRounds, rounds, emailRecords > 0
                        ? new BenchRunner.Email(emailRecords, emailModelPath, mailDirs,
                                emailStreamThreads > 0 ? emailStreamThreads : Runtime.getRuntime().availableProcessors())
                        : BenchRunner.Email.skipped(), keepTopics, scorerProperties);
        final BenchResult result = new BenchRunner(settings, System.err).run();
        System.out.println();
        System.out.print(BenchReport.table(result, before));
        result.writeJson(out.resolve("bench.json"));
        BenchReport.writeSvg(result, before, out.resolve("bench.svg"));
        System.out.println("wrote " + out.resolve("bench.json") + " and " + out.resolve("bench.svg"));
        final boolean complete = result.all().stream().allMatch(w -> w.outputs() >= w.records() && w.seconds() > 0);
        return complete ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
