package io.spamscorer.features;

import java.util.Locale;

/**
 * Where {@link WordTokenizer} sends tokens. A body word arrives as a slice of its field's text, so that a sink that
 * only looks the word up (scoring) need not build a string per word, while one that keeps it (training) builds
 * exactly the string {@link #word} documents.
 */
@FunctionalInterface
public interface TokenSink {

    void token(String token);

    /**
     * The word {@code text[start, end)} with {@code prefix} in front, lower-cased (Locale.ROOT) when asked: the
     * same token {@link #token} would receive as a string.
     */
    default void word(final String prefix, final String text, final int start, final int end, final boolean lowercase) {
        final String t = text.substring(start, end);
        token(prefix.isEmpty() ? (lowercase ? t.toLowerCase(Locale.ROOT) : t)
                : prefix + (lowercase ? t.toLowerCase(Locale.ROOT) : t));
    }
}
