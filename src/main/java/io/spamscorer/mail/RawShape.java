package io.spamscorer.mail;

/**
 * Cheap checks on the raw bytes before MIME parsing, for input that is plainly not a message: mime4j in lenient mode
 * would otherwise "parse" anything. Linear in the header block; the body is not looked at.
 */
final class RawShape {

    private static final int MAX_DETAIL = 200;

    private RawShape() {
    }

    /**
     * The offset where the message starts (after a UTF-8 byte order mark and leading blank space).
     *
     * @throws InvalidEmailException {@code empty} for no bytes or only whitespace; {@code not_email} for JSON (first
     *                               byte '{' or '['), or a header block with a NUL byte or more than 1 % C0 control
     *                               bytes (other than tab, CR, LF and ESC, which ISO-2022-JP headers use)
     */
    static int check(final byte[] raw) {
        int start = 0;
        if (raw.length >= 3 && (raw[0] & 0xff) == 0xef && (raw[1] & 0xff) == 0xbb && (raw[2] & 0xff) == 0xbf) {
            start = 3;
        }
        while (start < raw.length && isBlank(raw[start])) {
            start++;
        }
        if (start == raw.length) {
            throw new InvalidEmailException(InvalidEmailException.EMPTY, raw.length == 0
                    ? "message is empty (0 bytes)" : "message is only whitespace (" + raw.length + " bytes)");
        }
        if (raw[start] == '{' || raw[start] == '[') {
            throw new InvalidEmailException(InvalidEmailException.NOT_EMAIL, "message starts with '" + (char) raw[start]
                    + "' at byte " + start + ": JSON, not an RFC 5322 message");
        }
        int controls = 0;
        int end = start;
        for (boolean lineEmpty = false; end < raw.length; end++) {
            final int b = raw[end] & 0xff;
            if (b == '\n') {
                if (lineEmpty) {
                    break;
                }
                lineEmpty = true;
            } else if (b != '\r') {
                lineEmpty = false;
                if (b == 0) {
                    throw new InvalidEmailException(InvalidEmailException.NOT_EMAIL,
                            "NUL byte at byte " + end + " in the header block: binary data, not an RFC 5322 message");
                }
                if ((b < 0x20 && b != '\t' && b != 0x1b) || b == 0x7f) {
                    controls++;
                }
            }
        }
        if (controls * 100L > end - start) {
            throw new InvalidEmailException(InvalidEmailException.NOT_EMAIL, controls + " control bytes in the "
                    + (end - start) + "-byte header block: binary data, not an RFC 5322 message");
        }
        return start;
    }

    /** A library message as one short line, for an exception message. */
    static String oneLine(final String message) {
        final String line = message.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
    }

    private static boolean isBlank(final byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
