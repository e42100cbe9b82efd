package io.spamscorer.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child JVM that runs {@link BrokerMain}: its command line, its launch with all output appended to {@code
 * broker.log}, and its graceful or forced stop. Its standard input is a pipe held open while it runs, so the broker
 * halts itself when the parent JVM dies.
 */
final class BrokerProcess {

    /**
     * The one place for the broker JVM's flags; Logback, class path and main class follow them. A single node (bench,
     * demo, {@code local-kafka}, most tests) runs on ZGC: Serial GC, even with a fixed 192 MiB young generation,
     * paused it 15-57 ms every few seconds (once 197 ms), and those pauses set the scorer's p99 in bench's latency
     * run (BENCHMARKS.md, "GC in the latency run"). A quorum member stays on Serial: three ZGC nodes sharing two
     * cores took twice as long to be ready after a restart (33-37 s instead of 14-17 s in ClusterChaosIT).
     */
    static final List<String> SINGLE_NODE_JVM_OPTIONS = jvmOptions("-XX:+UseZGC");
    static final List<String> QUORUM_MEMBER_JVM_OPTIONS = jvmOptions("-Xmn192m", "-XX:+UseSerialGC");

    /** Logs as {@link EmbeddedKafka}, whose part this was, so log configuration and output stay the same. */
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FORCED_STOP_TIMEOUT = Duration.ofSeconds(5);

    /** A fixed 512 MiB heap collected as {@code gc} says, and an exit instead of limping on after an OOM. */
    private static List<String> jvmOptions(final String... gc) {
        final List<String> options = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
        options.addAll(List.of(gc));
        options.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true"));
        return List.copyOf(options);
    }

    private final BrokerDataDir dataDir;
    private final String clusterId;
    private final List<String> jvmOptions;

    private volatile Process process;
    private volatile OutputStream parentPipe;

    BrokerProcess(final BrokerDataDir dataDir, final String clusterId, final boolean quorumMember) {
        this.dataDir = dataDir;
        this.clusterId = clusterId;
        this.jvmOptions = quorumMember ? QUORUM_MEMBER_JVM_OPTIONS : SINGLE_NODE_JVM_OPTIONS;
    }

    /** @return the last launched child, alive or not, or null before the first launch */
    Process current() {
        return process;
    }

    boolean isRunning() {
        final Process child = process;
        return child != null && child.isAlive();
    }

    long pid() {
        final Process child = process;
        if (child == null) {
            throw new IllegalStateException("broker not started");
        }
        return child.pid();
    }

    void launch() {
        final ProcessBuilder builder = new ProcessBuilder(childCommand())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            final Process child = builder.start();
            process = child;
            parentPipe = child.getOutputStream();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start broker JVM " + builder.command(), e);
        }
        LOG.debug("Started broker JVM pid {}: {} {} {}", process.pid(), builder.command().get(0),
                jvmOptions, BrokerMain.class.getName());
    }

    private List<String> childCommand() {
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-Dlogback.configurationFile=" + dataDir.logbackConfigFile());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.add(dataDir.serverPropertiesFile().toString());
        command.add(clusterId);
        return command;
    }

    private static String javaBinary() {
        final Path fromJavaHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromJavaHome)) {
            return fromJavaHome.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** SIGTERM, then SIGKILL if the broker has not stopped within 10 s. */
    void stop() {
        final Process child = process;
        if (child == null) {
            return;
        }
        if (child.isAlive()) {
            child.destroy();
            if (!awaitExit(child, GRACEFUL_STOP_TIMEOUT)) {
                LOG.warn("Kafka broker pid {} did not stop within {}; killing it", child.pid(), GRACEFUL_STOP_TIMEOUT);
                child.destroyForcibly();
                awaitExit(child, FORCED_STOP_TIMEOUT);
            }
        }
        closeParentPipe();
    }

    void kill() {
        final Process child = process;
        if (child == null) {
            return;
        }
        child.destroyForcibly();
        awaitExit(child, FORCED_STOP_TIMEOUT);
        closeParentPipe();
        LOG.info("Kafka broker killed (pid {})", child.pid());
    }

    private static boolean awaitExit(final Process child, final Duration timeout) {
        try {
            return child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return !child.isAlive();
        }
    }

    /** Also done for a child that died by itself, so the pipe does not leak. */
    void closeParentPipe() {
        final OutputStream pipe = parentPipe;
        parentPipe = null;
        if (pipe != null) {
            try {
                pipe.close();
            } catch (final IOException e) {
                LOG.debug("Closing the broker's stdin pipe failed", e);
            }
        }
    }
}
