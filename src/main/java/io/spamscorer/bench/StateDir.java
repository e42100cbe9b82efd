package io.spamscorer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A workload's own Kafka Streams state directory, deleted (as far as it can be) when the workload is done. */
final class StateDir implements AutoCloseable {

    private final Path path;

    private StateDir(final Path path) {
        this.path = path;
    }

    static StateDir create() {
        try {
            return new StateDir(Files.createTempDirectory("spam-scorer-bench-state"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
