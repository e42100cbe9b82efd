package io.spamscorer.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An output record's {@code scoredAt}, {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} (UTC), as text and as ASCII bytes.
 * Records scored in the same millisecond share it, so the last one formatted is kept.
 */
record ScoredAt(long millis, String text, byte[] bytes) {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The last formatted timestamp; immutable, so a racy read sees either an old or a new one, never half. */
    private static volatile ScoredAt last = new ScoredAt(Long.MIN_VALUE, "", new byte[0]);

    static ScoredAt of(final long millis) {
        final ScoredAt s = last;
        if (s.millis == millis) {
            return s;
        }
        final String text = FORMAT.format(Instant.ofEpochMilli(millis));
        final ScoredAt fresh = new ScoredAt(millis, text, text.getBytes(StandardCharsets.UTF_8));
        last = fresh;
        return fresh;
    }
}
