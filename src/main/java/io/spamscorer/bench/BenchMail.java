package io.spamscorer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The raw messages of workloads (e) and (f): every regular file under the given directories (the repository's copy
 * of the SpamAssassin corpus, {@code data/mail/train} and {@code data/mail/demo}, 3,125 messages of ~5 KB), read
 * once as bytes exactly as stored, in path order so that every run sends the same sequence. Record {@code i} is
 * message {@code i mod size}.
 */
final class BenchMail {

    private final List<byte[]> messages;
    private final long totalBytes;
    private final int largest;

    private BenchMail(final List<byte[]> messages) {
        this.messages = List.copyOf(messages);
        long total = 0;
        int max = 0;
        for (final byte[] m : messages) {
            total += m.length;
            max = Math.max(max, m.length);
        }
        this.totalBytes = total;
        this.largest = max;
    }

    /** Reads every file under {@code dirs}; fails naming the directory when one is missing or holds no file. */
    static BenchMail read(final List<Path> dirs) {
        final List<byte[]> messages = new ArrayList<>();
        for (final Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("mail directory " + dir + " does not exist or is not a directory");
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                final List<Path> files = paths.filter(Files::isRegularFile).sorted().toList();
                if (files.isEmpty()) {
                    throw new IllegalArgumentException("mail directory " + dir + " holds no message file");
                }
                for (final Path f : files) {
                    messages.add(Files.readAllBytes(f));
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read the messages under " + dir + ": " + e.getMessage(), e);
            }
        }
        return new BenchMail(messages);
    }

    /** The message of record {@code i}: the corpus cycled. */
    byte[] message(final int i) {
        return messages.get(Math.floorMod(i, messages.size()));
    }

    int size() {
        return messages.size();
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Bytes of the largest message: the topics' and producers' size limits must take it. */
    int largest() {
        return largest;
    }
}
