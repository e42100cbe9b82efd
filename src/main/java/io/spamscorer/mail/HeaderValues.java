package io.spamscorer.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Header field values as text. The raw bytes after the colon are read as ASCII or UTF-8 when they are (RFC 6532);
 * raw 8-bit bytes that are not UTF-8 (old mail writes Subjects in EUC-KR, GB2312, Latin-1 unencoded) are read in the
 * message's own charset, the first one declared on a text part, or windows-1252 when none is. Then the value is
 * unfolded and stripped in one pass ({@link #unfold}), and its RFC 2047 encoded-words decoded ({@link EncodedWords}).
 */
final class HeaderValues {

    private HeaderValues() {
    }

    /** The raw bytes of the value, after the colon (a copy: mime4j reuses nothing, but the caller may keep them). */
    static byte[] valueBytes(final RawField field) {
        final ByteSequence raw = field.getRaw();
        if (raw == null) {
            final String body = field.getBody();
            return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        }
        final int from = Math.min(raw.length(), field.getDelimiterIdx() + 1);
        if (raw instanceof ByteArrayBuffer buffer) {
            // What CappedFieldBuilder hands mime4j: one array copy instead of a virtual call per byte.
            return Arrays.copyOfRange(buffer.buffer(), from, buffer.length());
        }
        final byte[] bytes = new byte[raw.length() - from];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = raw.byteAt(from + i);
        }
        return bytes;
    }

    /**
     * The value as text when its bytes are ASCII or UTF-8, as {@link #decode} reads them; null when they need the
     * message's charset (8-bit and not UTF-8), which is known only at the end of the message.
     */
    static String decodeUnlessEightBit(final byte[] bytes) {
        if (MailCharsets.isAscii(bytes, 0, bytes.length)) {
            return EncodedWords.decode(unfoldAscii(bytes));
        }
        final String text = MailCharsets.utf8OrAscii(bytes, 0, bytes.length);
        return text == null ? null : EncodedWords.decode(unfold(text));
    }

    /** The value as text; {@code eightBit} (null for windows-1252) reads bytes that are neither ASCII nor UTF-8. */
    static String decode(final byte[] bytes, final Charset eightBit) {
        final String text = decodeUnlessEightBit(bytes);
        if (text != null) {
            return text;
        }
        return EncodedWords.decode(unfold(new String(bytes, eightBit == null ? MailCharsets.WINDOWS_1252 : eightBit)));
    }

    /**
     * {@code MimeUtil.unfold(text).strip()} in one pass: every CR and LF dropped, and white space
     * ({@link Character#isWhitespace}) cut from both ends. As CR and LF are white space, that is the text between the
     * first and the last character that is not, less the CRs and LFs inside.
     */
    static String unfold(final String text) {
        int from = 0;
        int to = text.length();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        int i = from;
        while (i < to && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
            i++;
        }
        if (i == to) {
            return text.substring(from, to);
        }
        final StringBuilder unfolded = new StringBuilder(to - from).append(text, from, i);
        for (; i < to; i++) {
            final char c = text.charAt(i);
            if (c != '\r' && c != '\n') {
                unfolded.append(c);
            }
        }
        return unfolded.toString();
    }

    /** {@link #unfold(String)} of ASCII bytes, without making the whole value a string first. */
    private static String unfoldAscii(final byte[] bytes) {
        int from = 0;
        int to = bytes.length;
        while (from < to && Character.isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(bytes[to - 1])) {
            to--;
        }
        int i = from;
        while (i < to && bytes[i] != '\r' && bytes[i] != '\n') {
            i++;
        }
        if (i == to) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        final byte[] unfolded = new byte[to - from];
        int n = i - from;
        System.arraycopy(bytes, from, unfolded, 0, n);
        for (; i < to; i++) {
            if (bytes[i] != '\r' && bytes[i] != '\n') {
                unfolded[n++] = bytes[i];
            }
        }
        return new String(unfolded, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The first token of a structured value such as Content-Disposition, lower case: "attachment; x=y" → "attachment". */
    static String token(final String value) {
        if (value == null) {
            return "";
        }
        final int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
