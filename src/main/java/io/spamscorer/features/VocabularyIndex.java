package io.spamscorer.features;

import java.util.List;
import java.util.Locale;

/**
 * Token to vocabulary position, looked up either by string or by a slice of text with a prefix, without building
 * the string. An open-addressing table keyed by {@link String#hashCode()}, whose polynomial lets the hash of
 * {@code prefix + lower(slice)} be computed from the prefix's hash and the slice's chars. Immutable after
 * construction, so one index serves every stream thread.
 */
final class VocabularyIndex {

    private final String[] tokens;
    private final int[] hashes;
    /** Vocabulary position + 1 per slot; 0 is empty. */
    private final int[] slots;
    private final int mask;

    /** {@code vocabulary} must hold distinct strings (the featurizer checks). */
    VocabularyIndex(final List<String> vocabulary) {
        tokens = vocabulary.toArray(new String[0]);
        hashes = new int[tokens.length];
        final int capacity = Integer.highestOneBit(Math.max(4, tokens.length * 3 - 1)) << 1;
        slots = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < tokens.length; i++) {
            hashes[i] = tokens[i].hashCode();
            int s = spread(hashes[i]) & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = i + 1;
        }
    }

    /** Position of {@code token}, or -1. */
    int indexOf(final String token) {
        final int h = token.hashCode();
        for (int s = spread(h) & mask; slots[s] != 0; s = (s + 1) & mask) {
            final int i = slots[s] - 1;
            if (hashes[i] == h && tokens[i].equals(token)) {
                return i;
            }
        }
        return -1;
    }

    /** Position of {@code prefix + text[start, end)}, lower-cased (Locale.ROOT) when asked, or -1. */
    int indexOf(final String prefix, final String text, final int start, final int end, final boolean lowercase) {
        int h = prefix.hashCode();
        for (int k = start; k < end; k++) {
            final char c = text.charAt(k);
            if (lowercase && c >= 128) {
                // Locale.ROOT case folding outside ASCII may change a word's length: take the exact string path.
                return indexOf(prefix + text.substring(start, end).toLowerCase(Locale.ROOT));
            }
            h = 31 * h + (lowercase ? lower(c) : c);
        }
        final int length = prefix.length() + end - start;
        for (int s = spread(h) & mask; slots[s] != 0; s = (s + 1) & mask) {
            final int i = slots[s] - 1;
            if (hashes[i] == h && tokens[i].length() == length && tokens[i].startsWith(prefix)
                    && sliceEquals(tokens[i], prefix.length(), text, start, end, lowercase)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sliceEquals(final String token, final int offset, final String text, final int start,
                                       final int end, final boolean lowercase) {
        for (int k = start, j = offset; k < end; k++, j++) {
            final char c = text.charAt(k);
            if (token.charAt(j) != (lowercase ? lower(c) : c)) {
                return false;
            }
        }
        return true;
    }

    private static char lower(final char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static int spread(final int h) {
        return h ^ (h >>> 16);
    }
}
