package io.spamscorer.mail;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /** Adds every http://, https:// and www. URL in plain text. */
    void scan(final String text) {
        int from = 0;
        while (from < text.length()) {
            final int start = nextUrl(text, from);
            if (start < 0) {
                return;
            }
            int end = start;
            while (end < text.length() && !endsUrl(text.charAt(end))) {
                end++;
            }
            int trimmed = end;
            while (trimmed > start && ".,;:!?)]}'\"".indexOf(text.charAt(trimmed - 1)) >= 0) {
                trimmed--;
            }
            if (trimmed - start > prefixLength(text, start)) {
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

    /** Index of the next "http://", "https://" or word-initial "www." at or after {@code from}, or -1. */
    private static int nextUrl(final String text, final int from) {
        for (int i = from; i < text.length() - 3; i++) {
            final char c = text.charAt(i);
            if ((c == 'h' || c == 'H') && (text.regionMatches(true, i, "http://", 0, 7)
                    || text.regionMatches(true, i, "https://", 0, 8))) {
                return i;
            }
            if ((c == 'w' || c == 'W') && text.regionMatches(true, i, "www.", 0, 4)
                    && (i == 0 || !isUrlWordChar(text.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static int prefixLength(final String text, final int start) {
        final String head = text.substring(start, Math.min(text.length(), start + 8)).toLowerCase(Locale.ROOT);
        return head.startsWith("https://") ? 8 : head.startsWith("http://") ? 7 : 4;
    }

    private static boolean isUrlWordChar(final char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '-' || c == '_' || c == '@';
    }

    private static boolean endsUrl(final char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c) || "<>\"'`{}|\\^".indexOf(c) >= 0 || c == 0x7f;
    }
}
