package io.spamscorer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes small CSV files for the data set and command tests. */
final class Csv {

    private Csv() {
    }

    static Path write(final Path dir, final String name, final String content) {
        try {
            final Path p = dir.resolve(name);
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return p;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small, noisy but learnable two-feature set: spam has larger a, ham larger b; c is constant. */
    static String toy(final int rows) {
        final StringBuilder s = new StringBuilder("a,b,c,spam\n");
        for (int i = 0; i < rows; i++) {
            final int label = i % 2;
            final double a = (label == 1 ? 2.0 : 0.5) + (i % 7) * 0.3;
            final double b = (label == 1 ? 0.2 : 1.5) + (i % 5) * 0.25;
            s.append(a).append(',').append(b).append(",0.1,").append(label).append('\n');
        }
        return s.toString();
    }
}
