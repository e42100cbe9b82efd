package io.spamscorer.log;

/**
 * Makes text that came from outside (record ids, model names from the model topic, request paths) safe to put in a
 * log line: a CR or LF in it would otherwise start a forged line, and other control characters can rewrite a
 * terminal. Control characters become Java-style escapes ({@code \n}, {@code \r}, {@code \t}, {@code \}{@code uXXXX}),
 * and a backslash is doubled so that an escape in the log cannot be faked either.
 */
public final class LogSafe {

    private LogSafe() {
    }

    /** {@code text} with control characters (C0, DEL, C1, and the Unicode line and paragraph separators) escaped. */
    public static String escape(final Object text) {
        if (text == null) {
            return "null";
        }
        final String s = text.toString();
        if (!needsEscape(s)) {
            return s;
        }
        final StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(final String s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '\\' || isControl(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(final char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
