package io.spamscorer.train;

import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A labelled mail directory: every regular file under {@code DIR/ham} (label 0) and {@code DIR/spam} (label 1),
 * recursively, one raw RFC 5322 message per file, parsed once. Messages are in path order (ham first), so the
 * corpus, and everything trained from it, does not depend on the file system's listing order.
 */
public final class MailCorpus {

    /** One message: its path relative to the directory, label, parsed view and Date header (epoch ms, or -1). */
    public record Mail(String path, int label, Email email, long date) {
    }

    private final String source;
    private final List<Mail> mails;
    private final String sha256;

    private MailCorpus(final String source, final List<Mail> mails, final String sha256) {
        this.source = source;
        this.mails = List.copyOf(mails);
        this.sha256 = sha256;
    }

    /**
     * Reads and parses the corpus. The SHA-256 is that of the manifest {@code sha256sum} prints for the files, one
     * line {@code <hex>  <relative path>} each, in path order (ham/…, then spam/…): reproducible with
     * {@code cd DIR && find ham spam -type f | LC_ALL=C sort | xargs sha256sum | sha256sum}.
     */
    public static MailCorpus read(final Path dir, final EmailLimits limits) {
        final EmailParser parser = new EmailParser(limits);
        final List<Mail> mails = new ArrayList<>();
        final StringBuilder manifest = new StringBuilder();
        for (final String cls : new String[] {"ham", "spam"}) {
            final Path sub = dir.resolve(cls);
            if (!Files.isDirectory(dir)) {
                throw new DatasetException(dir + ": is not a directory; a mail corpus is a directory with ham/ and spam/");
            }
            if (!Files.isDirectory(sub)) {
                throw new DatasetException(dir + ": has no " + cls + "/ folder; a mail corpus needs ham/ and spam/");
            }
            for (final Path file : files(sub)) {
                final String rel = dir.relativize(file).toString().replace('\\', '/');
                final byte[] raw = readMessage(file, limits.maxBytes());
                final Email email;
                try {
                    email = parser.parse(raw);
                } catch (final RuntimeException e) {
                    throw new DatasetException(file + ": cannot be parsed: " + e.getMessage(), e);
                }
                manifest.append(HexFormat.of().formatHex(digest(raw))).append("  ").append(rel).append('\n');
                mails.add(new Mail(rel, cls.equals("spam") ? 1 : 0, email, date(email.header("Date"))));
            }
        }
        final MailCorpus corpus = new MailCorpus(dir.toString(), mails,
                HexFormat.of().formatHex(digest(manifest.toString().getBytes(StandardCharsets.UTF_8))));
        if (corpus.spamCount() == 0 || corpus.hamCount() == 0) {
            throw new DatasetException(dir + ": has " + corpus.hamCount() + " ham and " + corpus.spamCount()
                    + " spam messages; training needs both");
        }
        return corpus;
    }

    /**
     * One message file's bytes, refused unread when it is over {@code maxBytes} (so a huge file never sits in
     * memory).
     *
     * @throws DatasetException naming the file: missing, unreadable or too large
     */
    public static byte[] readMessage(final Path file, final long maxBytes) {
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte past the limit rather than trust the size the directory reports, which may change.
            final byte[] raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (raw.length > maxBytes) {
                throw new DatasetException(file + ": message is over the " + maxBytes + "-byte limit of one message");
            }
            return raw;
        } catch (final NoSuchFileException e) {
            throw new DatasetException(file + ": does not exist", e);
        } catch (final IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The regular files under {@code dir}, recursively, in path order (as {@code LC_ALL=C sort} would list them). */
    public static List<Path> files(final Path sub) {
        try (Stream<Path> walk = Files.walk(sub)) {
            // Sorted by the relative path's string, i.e. byte order for ASCII names, like LC_ALL=C sort.
            return walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> a.toString().replace('\\', '/').compareTo(b.toString().replace('\\', '/')))
                    .toList();
        } catch (final NoSuchFileException e) {
            throw new DatasetException(sub + ": does not exist", e);
        } catch (final IOException | UncheckedIOException e) {
            throw new DatasetException(sub + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    private static byte[] digest(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The Date header as epoch milliseconds, or -1 when it is missing or not RFC 5322. */
    static long date(final String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String s = header.trim().replaceAll("\\s+", " ");
        final int paren = s.indexOf('(');
        if (paren > 0) {
            s = s.substring(0, paren).trim();
        }
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (final RuntimeException e) {
            try {
                return ZonedDateTime.parse(s, LENIENT).toInstant().toEpochMilli();
            } catch (final RuntimeException e2) {
                return -1;
            }
        }
    }

    private static final DateTimeFormatter LENIENT =
            DateTimeFormatter.ofPattern("[EEE, ]d MMM yyyy H:mm[:ss] [Z][zzz]", Locale.ROOT);

    public String source() {
        return source;
    }

    public List<Mail> mails() {
        return mails;
    }

    public int size() {
        return mails.size();
    }

    public String sha256() {
        return sha256;
    }

    public int spamCount() {
        return (int) mails.stream().filter(m -> m.label() == 1).count();
    }

    public int hamCount() {
        return size() - spamCount();
    }

    public int[] labels() {
        return mails.stream().mapToInt(Mail::label).toArray();
    }
}
