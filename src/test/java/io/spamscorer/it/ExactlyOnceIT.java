package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.stream.ScoringListener;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a stop and restart of the scorer in the middle of the stream: N records with unique ids
 * (some malformed) arrive while one instance runs, is stopped (gracefully, without waiting, or by SIGKILL of its
 * process) and a new instance with the same application id takes over. {@code read_committed} output + DLQ must
 * hold every id exactly once.
 */
class ExactlyOnceIT {

    private static final int N = 3000;
    private static final int MALFORMED_EVERY = 25;
    private static final int SEEN_BEFORE_STOP = 300;

    @TempDir
    Path tmp;

    @Test
    void shouldScoreEveryRecordExactlyOnceWhenRestartedAfterGracefulClose() throws Exception {
        // The restart reuses the first instance's state directory, as a restarted process would.
        restartInProcess("eos-graceful", "30s", tmp.resolve("state"), tmp.resolve("state"));
    }

    @Test
    void shouldScoreEveryRecordExactlyOnceWhenClosedWithoutWaiting() throws Exception {
        // close(Duration.ZERO): the old instance shuts down in the background while the new one starts.
        restartInProcess("eos-close-zero", "0ms", tmp.resolve("state-a"), tmp.resolve("state-b"));
    }

    @Test
    void shouldScoreEveryRecordExactlyOnceAfterTheScorerProcessIsKilled() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("eos-kill", 4);
        final String appId = SharedKafka.uniqueName("eos-kill-app");
        final SharedKafka.Workload workload = new SharedKafka.Workload("k", N, MALFORMED_EVERY);
        final Path log = tmp.resolve("scorer.log");
        try (SharedKafka.Results results = new SharedKafka.Results(topics)) {
            final Process child = startScorerProcess(topics, appId, log);
            final Future<?> producing;
            try {
                SharedKafka.await("the scorer process to reach RUNNING", () -> {
                    assertTrue(child.isAlive(), () -> "scorer process exited: " + tail(log));
                    return tail(log).contains("-> RUNNING");
                }, () -> tail(log));
                producing = workload.produceInBackground(topics.input(), 20, 20);
                SharedKafka.await(SEEN_BEFORE_STOP + " committed results from the scorer process", () -> {
                    assertTrue(child.isAlive(), () -> "scorer process exited: " + tail(log));
                    return results.poll() >= SEEN_BEFORE_STOP;
                }, () -> tail(log));
            } finally {
                child.destroyForcibly(); // SIGKILL: no commit, no abort, an open transaction is left behind
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "scorer process did not die");
            }

            final ScorerConfig second = SharedKafka.config(topics, tmp.resolve("state-b"), Map.of("application.id", appId));
            try (ScorerRuntime runtime = new ScorerRuntime(second, SharedKafka.holder(SharedKafka.tinyModel()),
                    ScoringListener.NONE)) {
                runtime.start();
                producing.get(SharedKafka.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                results.awaitAtLeast(N);
            }
            workload.assertExactlyOnce(topics, results.drain());
        }
    }

    private void restartInProcess(final String name, final String firstShutdownTimeout, final Path firstStateDir,
                                  final Path secondStateDir) throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics(name, 4);
        final String appId = SharedKafka.uniqueName(name + "-app");
        final SharedKafka.Workload workload = new SharedKafka.Workload("m", N, MALFORMED_EVERY);
        final ScorerConfig first = SharedKafka.config(topics, firstStateDir, Map.of("application.id", appId,
                ScorerConfig.SHUTDOWN_TIMEOUT, firstShutdownTimeout));
        final ScorerConfig second = SharedKafka.config(topics, secondStateDir, Map.of("application.id", appId));

        try (SharedKafka.Results results = new SharedKafka.Results(topics)) {
            final ScorerRuntime firstRuntime = new ScorerRuntime(first, SharedKafka.holder(SharedKafka.tinyModel()),
                    ScoringListener.NONE);
            final Future<?> producing;
            try {
                SharedKafka.startAndAwaitRunning(firstRuntime);
                producing = workload.produceInBackground(topics.input(), 50, 20);
                results.awaitAtLeast(SEEN_BEFORE_STOP);
            } finally {
                firstRuntime.close();
            }

            try (ScorerRuntime secondRuntime = new ScorerRuntime(second, SharedKafka.holder(SharedKafka.tinyModel()),
                    ScoringListener.NONE)) {
                secondRuntime.start();
                producing.get(SharedKafka.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                results.awaitAtLeast(N);
            }
            assertTrue(firstRuntime.awaitTermination(SharedKafka.TIMEOUT), "first instance never reached NOT_RUNNING");
            workload.assertExactlyOnce(topics, results.drain());
        }
    }

    /** Runs {@code spam-scorer run} from the shaded jar in its own JVM, logging to {@code log}. */
    private Process startScorerProcess(final SharedKafka.Topics topics, final String appId, final Path log)
            throws IOException {
        final Path jar = Path.of("target", "spam-scorer.jar");
        assertTrue(Files.isRegularFile(jar), jar.toAbsolutePath() + " missing; integration tests run after package");
        final Properties props = new Properties();
        props.setProperty("bootstrap.servers", SharedKafka.bootstrapServers());
        props.setProperty("application.id", appId);
        props.setProperty("state.dir", tmp.resolve("state-a").toString());
        props.setProperty(ScorerConfig.INPUT_TOPIC, topics.input());
        props.setProperty(ScorerConfig.OUTPUT_TOPIC, topics.output());
        props.setProperty(ScorerConfig.DLQ_TOPIC, topics.dlq());
        props.setProperty(ScorerConfig.MODEL_TOPIC, topics.models());
        props.setProperty(ScorerConfig.MODEL_PATH, SharedKafka.resource("tiny-model.json").toString());
        props.setProperty("commit.interval.ms", "100");
        props.setProperty(ScorerConfig.HTTP_PORT, "0");
        props.setProperty("session.timeout.ms", "6000");
        props.setProperty("heartbeat.interval.ms", "1000");
        // The killed instance leaves an open transaction; a short timeout lets the broker abort it sooner.
        props.setProperty("transaction.timeout.ms", "5000");
        final Path config = tmp.resolve("scorer.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, "ExactlyOnceIT");
        }
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                jar.toAbsolutePath().toString(), "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SPAM_SCORER_"));
        return builder.start();
    }

    private static String tail(final Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no log yet)";
            }
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (final IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
