package io.spamscorer.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scorer instance in its own JVM: {@code java -jar target/spam-scorer.jar run --config <props>}, with its own
 * state directory and one log file (appended to on every restart, with a marker line per start). Every wait is
 * bounded; {@link #close()} SIGKILLs a process that is still alive (after SIGCONT, in case it was stopped).
 */
final class ScorerProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "spam-scorer.jar");
    private static final Pattern RUNNING = Pattern.compile("-> RUNNING");

    private final String name;
    private final Path config;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;
    private long startOffset;
    private int starts;

    ScorerProcess(final String name, final Path dir, final Properties props) {
        this(name, dir, props, List.of());
    }

    /** With {@code jvmOptions} added after the defaults (-Xmx256m, Serial GC, C1 only, exit on OOM). */
    ScorerProcess(final String name, final Path dir, final Properties props, final List<String> jvmOptions) {
        this.name = name;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.config = dir.resolve(name + ".properties");
        this.log = dir.resolve(name + ".log");
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(out, "chaos instance " + name);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** Launches the JVM; returns at once (see {@link #awaitRunning}). */
    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " missing; the chaos suite runs after `package`");
        }
        starts++;
        try {
            Files.writeString(log, "==== chaos: start #" + starts + " of " + name + " at " + Instant.now() + " ====\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            startOffset = Files.size(log);
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "run", "--config", config.toAbsolutePath().toString()));
            final ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("SPAM_SCORER_"));
            process = builder.start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process.pid();
    }

    /** The log offset of "now": pass it to {@link #awaitLog} to wait for lines written after this point. */
    long logMark() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (final IOException e) {
            return 0;
        }
    }

    /** Waits until this incarnation logged a transition to RUNNING; fails if the process exits first. */
    void awaitRunning(final Duration timeout) throws InterruptedException {
        awaitLog(startOffset, RUNNING, timeout);
    }

    /** Waits until a line matching {@code pattern} appears after {@code fromOffset}. */
    void awaitLog(final long fromOffset, final Pattern pattern, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!pattern.matcher(logSince(fromOffset)).find()) {
            if (!isAlive()) {
                throw new AssertionError(name + " exited (" + exitDescription() + ") while waiting for /" + pattern
                        + "/; log tail:\n" + tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + name
                        + " to log /" + pattern + "/; log tail:\n" + tail(30));
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL, and waits for the process to die. */
    synchronized void kill9() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not die after SIGKILL");
        }
    }

    void sigstop() throws InterruptedException {
        signal("STOP");
    }

    void sigcont() throws InterruptedException {
        signal("CONT");
    }

    private void signal(final String sig) throws InterruptedException {
        final long pid;
        synchronized (this) {
            if (!isAlive()) {
                throw new AssertionError(name + " is not running; cannot send SIG" + sig);
            }
            pid = process.pid();
        }
        try {
            final Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + sig + " " + pid + " failed");
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGTERM and waits up to {@code timeout}; returns the exit code, or -1 if it had to be SIGKILLed.
     */
    synchronized int terminate(final Duration timeout) throws InterruptedException {
        if (process == null) {
            return -1;
        }
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
        return -1;
    }

    private synchronized String exitDescription() {
        return process == null ? "never started" : process.isAlive() ? "alive" : "exit code " + process.exitValue();
    }

    /** Counts the lines of the whole log (all incarnations) that match {@code pattern}. */
    int countLines(final Pattern pattern, final long fromOffset) {
        int n = 0;
        for (final String line : logSince(fromOffset).split("\n")) {
            if (pattern.matcher(line).find()) {
                n++;
            }
        }
        return n;
    }

    /** The first line after {@code fromOffset} matching {@code pattern}, or null. */
    String firstLine(final Pattern pattern, final long fromOffset) {
        final Matcher m = Pattern.compile("(?m)^.*(" + pattern.pattern() + ").*$").matcher(logSince(fromOffset));
        return m.find() ? m.group() : null;
    }

    String logSince(final long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            final long start = Math.min(offset, file.length());
            final byte[] bytes = new byte[(int) Math.min(file.length() - start, 64L * 1024 * 1024)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "";
        }
    }

    String tail(final int lines) {
        final List<String> all = logSince(0).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (final IOException e) {
            // best effort: SIGKILL below works on a stopped process too
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
