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
     * the two patterns are found with {@link String#indexOf(String, int)}.
     */
    void scan(final String text) {
        int scheme = -2;
        int www = -2;
        int from = 0;
        while (from < text.length()) {
            if (scheme != -1 && scheme < from) {
                scheme = nextScheme(text, from);
            }
            if (www != -1 && www < from) {
                www = nextWww(text, from);
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

    /** Start of the next word-initial "www." or "WWW." at or after {@code from}, or -1. */
    private static int nextWww(final String text, final int from) {
        int lower = text.indexOf("www.", from);
        int upper = text.indexOf("WWW.", from);
        while (lower >= 0 || upper >= 0) {
            final int at = lower < 0 ? upper : upper < 0 ? lower : Math.min(lower, upper);
            if (at == 0 || !isUrlWordChar(text.charAt(at - 1))) {
                return at;
            }
            if (at == lower) {
                lower = text.indexOf("www.", at + 1);
            } else {
                upper = text.indexOf("WWW.", at + 1);
            }
        }
        return -1;
    }

    private static boolean isUrlWordChar(final char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '-' || c == '_' || c == '@';
    }

    private static boolean endsUrl(final char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c) || "<>\"'`{}|\\^".indexOf(c) >= 0 || c == 0x7f;
    }
}
