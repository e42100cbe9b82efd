package io.spamscorer.mail;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Header field values as text. The raw bytes after the colon are read as ASCII or UTF-8 when they are (RFC 6532);
 * raw 8-bit bytes that are not UTF-8 (old mail writes Subjects in EUC-KR, GB2312, Latin-1 unencoded) are read in the
 * message's own charset, the first one declared on a text part, or windows-1252 when none is. Then the value is
 * unfolded, stripped, and its RFC 2047 encoded-words decoded ({@link EncodedWords}).
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
        final byte[] bytes = new byte[raw.length() - from];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = raw.byteAt(from + i);
        }
        return bytes;
    }

    /** Whether these bytes need the message's charset: 8-bit and not valid UTF-8. */
    static boolean needsCharset(final byte[] bytes) {
        return MailCharsets.utf8OrAscii(bytes, 0, bytes.length) == null;
    }

    /** The value as text; {@code eightBit} (null for windows-1252) reads bytes that are neither ASCII nor UTF-8. */
    static String decode(final byte[] bytes, final Charset eightBit) {
        String text = MailCharsets.utf8OrAscii(bytes, 0, bytes.length);
        if (text == null) {
            text = new String(bytes, eightBit == null ? MailCharsets.WINDOWS_1252 : eightBit);
        }
        return EncodedWords.decode(MimeUtil.unfold(text).strip());
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
