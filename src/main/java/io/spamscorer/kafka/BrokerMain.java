package io.spamscorer.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.Uuid;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Entry point of the child JVM that runs a combined-mode (broker + controller) KRaft Kafka node for
 * {@link EmbeddedKafka}: a single node, or one node of an {@link EmbeddedKafkaCluster}.
 *
 * <p>Usage: {@code BrokerMain <server.properties> [clusterId]}. It first formats the log directory
 * as a single-node dynamic quorum ({@code kafka-storage format --standalone --ignore-formatted}; for a
 * node whose config names {@code controller.quorum.voters}, a static quorum, without {@code --standalone}; so
 * an already formatted directory is left untouched and a restart keeps its data; the cluster id of
 * a formatted directory wins over the argument, which otherwise defaults to a random one), then runs
 * {@code kafka.Kafka} in this thread until the broker shuts down (SIGTERM triggers Kafka's own
 * graceful shutdown hook).
 *
 * <p>A daemon watchdog reads standard input until end-of-file, then exits the JVM (running Kafka's
 * graceful shutdown) and halts it with {@code Runtime.halt} if that takes more than 10 s. The parent
 * keeps the pipe open for the broker's whole life, so when the parent exits for any reason —
 * including {@code kill -9} — the pipe closes and the broker does not linger. (The JDK's {@code
 * Process.destroy()} also closes the pipe right after sending SIGTERM, which is why end-of-file
 * must not skip the graceful shutdown.) Do not start this class with standard input closed or
 * redirected from {@code /dev/null}.
 *
 * <p>All output goes to standard output/error, which {@link EmbeddedKafka} redirects to
 * {@code broker.log} in the data directory.
 */
public final class BrokerMain {

    private static final int EXIT_STATUS_PARENT_GONE = 3;
    private static final Duration HALT_DEADLINE = Duration.ofSeconds(10);
    private static final int EXIT_STATUS_FORMAT_FAILED = 2;

    private BrokerMain() {
    }

    /**
     * Formats storage if needed and runs the broker until it shuts down.
     *
     * @param args the server.properties path and an optional cluster id
     */
    public static void main(final String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BrokerMain <server.properties> [clusterId]");
            System.exit(1);
        }
        startParentWatchdog(System.in);
        final Path config = Path.of(args[0]).toAbsolutePath();
        requireReadable(config);
        final String requestedClusterId = args.length == 2 ? args[1] : Uuid.randomUuid().toString();
        final String clusterId = existingClusterId(config).orElse(requestedClusterId);
        final boolean staticQuorum = load(config).getProperty("controller.quorum.voters") != null;
        final int formatStatus = formatStorage(config, clusterId, !staticQuorum, System.out);
        if (formatStatus != 0) {
            System.err.println("kafka-storage format failed with status " + formatStatus);
            System.exit(EXIT_STATUS_FORMAT_FAILED);
        }
        Kafka.main(new String[] {config.toString()});
    }

    /**
     * Runs the equivalent of {@code kafka-storage format -t <clusterId> -c <config> --standalone
     * --ignore-formatted} in-process, without calling {@code System.exit}.
     *
     * @return 0 on success, non-zero on failure
     */
    static int formatStorage(final Path config, final String clusterId, final boolean standalone,
                             final PrintStream out) {
        final List<String> formatArgs = new ArrayList<>(List.of(
                "format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"));
        // A node of a static quorum (controller.quorum.voters, EmbeddedKafkaCluster) must not claim to be alone.
        if (standalone) {
            formatArgs.add("--standalone");
        }
        try {
            return StorageTool.execute(formatArgs.toArray(String[]::new), out);
        } catch (final Exception e) {
            e.printStackTrace(out);
            return 1;
        }
    }

    /**
     * Reads the cluster id of an already formatted log directory, because {@code --ignore-formatted}
     * still rejects a directory formatted with a different cluster id.
     */
    static Optional<String> existingClusterId(final Path config) {
        final Properties server = load(config);
        final String logDirs = server.getProperty("log.dirs", server.getProperty("log.dir", ""));
        return Arrays.stream(logDirs.split(","))
                .map(String::trim)
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "meta.properties"))
                .filter(Files::isReadable)
                .map(meta -> load(meta).getProperty("cluster.id"))
                .filter(Objects::nonNull)
                .findFirst();
    }

    private static Properties load(final Path file) {
        final Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return props;
    }

    private static void requireReadable(final Path config) {
        if (!Files.isReadable(config)) {
            System.err.println("cannot read broker config " + config);
            System.exit(1);
        }
    }

    private static void startParentWatchdog(final InputStream parentPipe) {
        final Thread watchdog = new Thread(() -> awaitEndOfInputThenHalt(parentPipe), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void awaitEndOfInputThenHalt(final InputStream parentPipe) {
        final byte[] buffer = new byte[256];
        try {
            while (parentPipe.read(buffer) >= 0) {
                // Ignore anything the parent writes; only end-of-file matters.
            }
        } catch (final IOException e) {
            // A broken pipe means the parent is gone as well.
        }
        System.err.println("parent-watchdog: standard input closed; stopping the broker"
                + " (halting in " + HALT_DEADLINE.toSeconds() + " s at the latest)");
        startHaltTimer();
        System.exit(EXIT_STATUS_PARENT_GONE);
    }

    /** Bounds the graceful shutdown that {@code System.exit} runs through Kafka's shutdown hook. */
    private static void startHaltTimer() {
        final Thread timer = new Thread(BrokerMain::haltAfterDeadline, "parent-watchdog-halt");
        timer.setDaemon(true);
        timer.start();
    }

    private static void haltAfterDeadline() {
        try {
            Thread.sleep(HALT_DEADLINE.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.println("parent-watchdog: graceful shutdown took too long; halting");
        Runtime.getRuntime().halt(EXIT_STATUS_PARENT_GONE);
    }
}
