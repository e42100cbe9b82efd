package io.spamscorer.jmh;

import io.spamscorer.features.Featurizer;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Inputs of {@link EmailBenchmark}: the words model ({@code -Dspamscorer.emailModel}, default
 * {@code config/email-model.json}) and real messages from the
 * repository's corpus ({@code -Dspamscorer.mail}, default {@code data/mail}). The 1 MB messages are real messages whose
 * body is repeated, unchanged, until the message passes 1 MiB: the headers and MIME structure stay the original's.
 */
final class EmailFixtures {

    /** A plain-text ham of 7,003 B, near the corpus's 90th percentile by size (median 3.3 KB, mean 4.9 KB). */
    static final String TEXT_7KB = "train/ham/01366.f862e5456473e82837fc0a89c6abf5c2";
    /** A multipart/alternative (text + HTML) spam of 6,989 B: mime4j's multipart path and jsoup both run. */
    static final String HTML_7KB = "train/spam/00208.369921416af87a0b70f133632131b184";
    /** A single-part text/html spam of 10.5 KB, whose {@code <body>} content is what the 1 MB HTML repeats. */
    static final String HTML_SOURCE = "train/spam/00035.7ce3307b56dd90453027a6630179282e";
    static final int ONE_MIB = 1024 * 1024;

    private EmailFixtures() {
    }

    static Model model() {
        final String given = System.getProperty("spamscorer.emailModel");
        if (given != null) {
            return ModelLoader.load(Path.of(given));
        }
        return ModelLoader.load(Path.of("config/email-model.json"));
    }

    static Featurizer featurizer(final Model model) {
        return model.featurizer();
    }

    static EmailParser parser() {
        return new EmailParser(EmailLimits.defaults());
    }

    /** The raw message of a {@code size} parameter: "7KB-text", "7KB-html", "1MB-text" or "1MB-html". */
    static byte[] message(final String size) {
        return switch (size) {
            case "7KB-text" -> read(TEXT_7KB);
            case "7KB-html" -> read(HTML_7KB);
            case "1MB-text" -> grow(read(TEXT_7KB), "", "");
            case "1MB-html" -> grow(read(HTML_SOURCE), "<body", "</body>");
            default -> throw new IllegalArgumentException("unknown size " + size);
        };
    }

    static byte[] read(final String name) {
        final Path p = Path.of(System.getProperty("spamscorer.mail", "data/mail")).resolve(name);
        try {
            return Files.readAllBytes(p);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (run JMH from the project root)", e);
        }
    }

    /**
     * Repeats the part of the body between {@code open} (to the end of its tag) and {@code close}, or the whole body
     * when they are empty, until the message is over 1 MiB.
     */
    static byte[] grow(final byte[] message, final String open, final String close) {
        final String m = new String(message, StandardCharsets.ISO_8859_1); // byte-preserving
        final int bodyStart = m.indexOf("\n\n") + 2;
        int from = bodyStart;
        int to = m.length();
        if (!open.isEmpty()) {
            final int o = m.toLowerCase(java.util.Locale.ROOT).indexOf(open, bodyStart);
            from = m.indexOf('>', o) + 1;
            to = m.toLowerCase(java.util.Locale.ROOT).indexOf(close, from);
        }
        final String unit = m.substring(from, to);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(ONE_MIB + 64 * 1024);
        out.writeBytes(m.substring(0, to).getBytes(StandardCharsets.ISO_8859_1));
        final byte[] u = unit.getBytes(StandardCharsets.ISO_8859_1);
        while (out.size() + (m.length() - to) <= ONE_MIB) {
            out.writeBytes(u);
        }
        out.writeBytes(m.substring(to).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
