package io.spamscorer.demo;

import io.spamscorer.train.DatasetException;
import io.spamscorer.train.MailCorpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Builds the input of {@code demo --email}: the raw messages of a labelled mail directory ({@code ham/}, {@code spam/})
 * in a seeded random order, each keyed by its path relative to the directory (so its output record's id names the
 * file), with malformed values mixed in at fixed positions: JSON, binary junk, an empty value, a tombstone and one
 * over the scorer's message limit.
 */
public final class EmailDemoRecords {

    /** The malformed values' keys, in the order they are mixed in. */
    static final List<String> MALFORMED_KEYS = List.of("malformed-json", "malformed-binary", "malformed-empty",
            "malformed-tombstone", "malformed-over-limit");

    private EmailDemoRecords() {
    }

    /**
     * @param count    messages to send (at most the directory's; null for all)
     * @param maxBytes the scorer's {@code scorer.email.max.bytes}: the over-limit record is just over it
     */
    public static List<DemoRecord> build(final Path dir, final Integer count, final long seed, final long maxBytes) {
        final List<DemoRecord> messages = new ArrayList<>();
        for (final String cls : new String[] {"ham", "spam"}) {
            final Path sub = dir.resolve(cls);
            if (!Files.isDirectory(sub)) {
                throw new DatasetException(dir + ": has no " + cls + "/ folder; the email demo needs ham/ and spam/");
            }
            for (final Path file : MailCorpus.files(sub)) {
                messages.add(new DemoRecord(dir.relativize(file).toString().replace('\\', '/'),
                        MailCorpus.readMessage(file, maxBytes), cls.equals("spam") ? 1 : 0));
            }
        }
        if (messages.isEmpty()) {
            throw new DatasetException(dir + ": has no messages under ham/ and spam/");
        }
        Collections.shuffle(messages, new Random(seed));
        final List<DemoRecord> out = new ArrayList<>(messages.subList(0, count == null ? messages.size()
                : Math.min(count, messages.size())));
        final List<byte[]> malformed = malformed(maxBytes);
        final int step = Math.max(1, out.size() / (malformed.size() + 1));
        for (int m = 0; m < malformed.size(); m++) {
            out.add(Math.min(out.size(), (m + 1) * step + m), new DemoRecord(MALFORMED_KEYS.get(m), malformed.get(m), -1));
        }
        return out;
    }

    /** The malformed values, in {@link #MALFORMED_KEYS} order; null stands for the tombstone. */
    static List<byte[]> malformed(final long maxBytes) {
        final byte[] junk = new byte[512];
        new Random(7).nextBytes(junk);
        junk[0] = 0; // a NUL in the header block: binary, whatever the random bytes are
        final byte[] big = new byte[(int) maxBytes + 1024];
        Arrays.fill(big, (byte) 'a');
        final byte[] head = "Subject: a message over the limit\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, big, 0, head.length);
        return Arrays.asList(
                "{\"id\":\"msg-1\",\"features\":[0.0,0.64]}".getBytes(StandardCharsets.UTF_8),
                junk,
                new byte[0],
                null,
                big);
    }
}
