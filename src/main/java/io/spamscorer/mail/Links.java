package io.spamscorer.mail;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The distinct links of one message, in order of appearance, bounded by count and length. */
final class Links {

    private final int maxLinks;
    private final int maxChars;
    private final Set<String> links = new LinkedHashSet<>();
    private boolean truncated;

    Links(final int maxLinks, final int maxChars) {
        this.maxLinks = maxLinks;
        this.maxChars = maxChars;
    }

    /** Adds a link as written, trimmed; blank values and {@code data:} URIs (inline content, not links) are ignored. */
    void add(final String link) {
        final String trimmed = link.strip();
        if (trimmed.isEmpty() || trimmed.regionMatches(true, 0, "data:", 0, 5)) {
            return;
        }
        String kept = trimmed;
        if (kept.length() > maxChars) {
            kept = kept.substring(0, maxChars);
            truncated = true;
        }
        if (links.size() >= maxLinks) {
            truncated |= !links.contains(kept);
            return;
        }
        links.add(kept);
    }

    /**
     * Adds every http:// and https:// URL (scheme in any case) and every "www." or "WWW." URL that starts a word in
     * plain text: up to white space or one of {@code <>"'`{}|\^}, without trailing punctuation. Linear in the text:
     * the patterns are found with {@link String#indexOf(String, int)}, and each search starts where the last one of
     * the same pattern ended, never again from the current link (see {@link Occurrences}).
     */
    void scan(final String text) {
        final Occurrences lower = new Occurrences(text, "www.");
        final Occurrences upper = new Occurrences(text, "WWW.");
        int scheme = -2;
        int www = -2;
        int from = 0;
        while (from < text.length()) {
            if (scheme != -1 && scheme < from) {
                scheme = nextScheme(text, from);
            }
            if (www != -1 && www < from) {
                www = nextWww(text, from, lower, upper);
            }
            if (scheme < 0 && www < 0) {
                return;
            }
            final boolean isScheme = scheme >= 0 && (www < 0 || scheme <= www);
            final int start = isScheme ? scheme : www;
            final int prefix = isScheme ? text.indexOf("://", start) + 3 - start : 4;
            int end = start + prefix;
            while (end < text.length() && !endsUrl(text.charAt(end))) {
                end++;
            }
            int trimmed = end;
            while (trimmed > start + prefix && ".,;:!?)]}'\"".indexOf(text.charAt(trimmed - 1)) >= 0) {
                trimmed--;
            }
            if (trimmed > start + prefix) {
                add(text.substring(start, trimmed));
            }
            from = end;
        }
    }

    boolean truncated() {
        return truncated;
    }

    List<String> toList() {
        return List.copyOf(links);
    }

    /** Start of the next "http://" or "https://" (any case) at or after {@code from}, or -1. */
    private static int nextScheme(final String text, final int from) {
        for (int colon = text.indexOf("://", from); colon >= 0; colon = text.indexOf("://", colon + 3)) {
            if (colon - 4 >= from && text.regionMatches(true, colon - 4, "http", 0, 4)) {
                return colon - 4;
            }
            if (colon - 5 >= from && text.regionMatches(true, colon - 5, "https", 0, 5)) {
                return colon - 5;
            }
        }
        return -1;
    }

    /**
     * Start of the next word-initial "www." or "WWW." at or after {@code from}, or -1. {@code from} never decreases
     * from one call to the next, which {@link Occurrences} relies on.
     */
    private static int nextWww(final String text, final int from, final Occurrences lower, final Occurrences upper) {
        int l = lower.atOrAfter(from);
        int u = upper.atOrAfter(from);
        while (l >= 0 || u >= 0) {
            final int at = l < 0 ? u : u < 0 ? l : Math.min(l, u);
            if (at == 0 || !isUrlWordChar(text.charAt(at - 1))) {
                return at;
            }
            if (at == l) {
                l = lower.atOrAfter(at + 1);
            } else {
                u = upper.atOrAfter(at + 1);
            }
        }
        return -1;
    }

    /**
     * The occurrences of one pattern, asked for at positions that never decrease. The last one found is kept until a
     * position passes it: searching again from each link instead made text with thousands of "www." links and no
     * "WWW." cost a search to the end of the text per link (1 MiB of them: seconds).
     */
    private static final class Occurrences {

        private final String text;
        private final String pattern;
        /** The first occurrence at or after the last position asked for; -2 before the first search, -1 for none. */
        private int next = -2;

        Occurrences(final String text, final String pattern) {
            this.text = text;
            this.pattern = pattern;
        }

        /** The first occurrence at or after {@code from}, which is at least every {@code from} asked for before. */
        int atOrAfter(final int from) {
            if (next != -1 && next < from) {
                next = text.indexOf(pattern, from);
            }
            return next;
        }
    }

    private static boolean isUrlWordChar(final char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '-' || c == '_' || c == '@';
    }

    private static boolean endsUrl(final char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c) || "<>\"'`{}|\\^".indexOf(c) >= 0 || c == 0x7f;
    }
}
