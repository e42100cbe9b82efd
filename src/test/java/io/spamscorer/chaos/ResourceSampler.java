package io.spamscorer.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples every running scorer JVM of a soak run at a fixed interval: heap in use right after a full GC ({@code jcmd
 * <pid> GC.run}, then {@code GC.heap_info}), thread count ({@code /proc/<pid>/status}) and open file descriptors
 * ({@code /proc/<pid>/fd}). Writes the samples and a first-versus-last summary per instance as Markdown and JSON.
 */
final class ResourceSampler implements AutoCloseable {

    /** One sample of one process. */
    record Sample(double atSeconds, String instance, long pid, long heapAfterGcKiB, int threads, int fds) {
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final List<Sample> samples = new ArrayList<>();
    private final long intervalMs;
    private final long t0 = System.nanoTime();
    private volatile boolean stop;
    private Thread thread;

    ResourceSampler(final long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** Starts sampling the alive instances of {@code session} on a daemon thread. */
    void start(final ChaosRunner.Session session) {
        thread = new Thread(() -> loop(session), "soak-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(final ChaosRunner.Session session) {
        while (!stop) {
            for (final String name : List.copyOf(session.alive())) {
                final ScorerProcess p = session.instances().get(name);
                if (p.isAlive()) {
                    sample(p);
                }
            }
            try {
                Thread.sleep(intervalMs);
            } catch (final InterruptedException e) {
                return;
            }
        }
    }

    private void sample(final ScorerProcess p) {
        final long pid;
        try {
            pid = p.pid();
        } catch (final RuntimeException e) {
            return;
        }
        run("jcmd", Long.toString(pid), "GC.run");
        final Matcher used = USED.matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
        long heap = 0;
        while (used.find()) { // young, old (and metaspace's "used" is given in a different form)
            heap += Long.parseLong(used.group(1));
        }
        final Sample s = new Sample((System.nanoTime() - t0) / 1e9, p.name(), pid, heap, threads(pid), fds(pid));
        synchronized (samples) {
            samples.add(s);
        }
    }

    private static int threads(final long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToInt(l -> Integer.parseInt(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (final IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static int fds(final long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (final IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static String run(final String... command) {
        try {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (final IOException e) {
            return "";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Writes {@code <name>.md} and {@code <name>.json} into {@code dir}; returns the Markdown. */
    String write(final Path dir, final String name) {
        final List<Sample> all;
        synchronized (samples) {
            all = List.copyOf(samples);
        }
        final StringBuilder md = new StringBuilder("# Soak resources (sampled every " + intervalMs / 1000 + " s)\n\n"
                + "| instance | samples | heap after GC first / min / max / last (MiB) | threads first / max / last"
                + " | open fds first / max / last |\n|---|---|---|---|---|\n");
        final Map<String, List<Sample>> byInstance = new LinkedHashMap<>();
        all.forEach(s -> byInstance.computeIfAbsent(s.instance(), k -> new ArrayList<>()).add(s));
        byInstance.forEach((instance, list) -> {
            final Sample first = list.get(0);
            final Sample last = list.get(list.size() - 1);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f / %.1f / %.1f / %.1f | %d / %d / %d | %d / %d / %d |%n",
                    instance, list.size(), first.heapAfterGcKiB() / 1024.0,
                    list.stream().mapToLong(Sample::heapAfterGcKiB).min().orElse(0) / 1024.0,
                    list.stream().mapToLong(Sample::heapAfterGcKiB).max().orElse(0) / 1024.0,
                    last.heapAfterGcKiB() / 1024.0, first.threads(),
                    list.stream().mapToInt(Sample::threads).max().orElse(0), last.threads(), first.fds(),
                    list.stream().mapToInt(Sample::fds).max().orElse(0), last.fds()));
        });
        md.append("\nA restarted instance (new pid) starts a new series under the same name; see the JSON.\n");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), md.toString(), StandardCharsets.UTF_8);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve(name + ".json").toFile(), Map.of("intervalMs", intervalMs, "samples", all));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the soak figures to " + dir, e);
        }
        return md.toString();
    }

    @Override
    public void close() {
        stop = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
