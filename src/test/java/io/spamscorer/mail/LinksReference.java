package io.spamscorer.mail;

/**
 * {@link Links#scan} as it was before it was made linear (commit 629b3ee), kept verbatim as the reference that the
 * linear one must match: it calls {@link Links#add} with the same strings in the same order. Its "www." search
 * looked for "WWW." again from each link to the end of the text, so text with many "www." links and no "WWW." (or
 * the other way round) cost the square of its length.
 */
final class LinksReference {

    private LinksReference() {
    }

    static void scan(final String text, final Links links) {
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
                links.add(text.substring(start, trimmed));
            }
            from = end;
        }
    }

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
