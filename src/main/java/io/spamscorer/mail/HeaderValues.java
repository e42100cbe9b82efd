package io.spamscorer.mail;

import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.MimeUtil;

/** Header field values as text: raw 8-bit bytes guessed like an unlabelled body, unfolded, RFC 2047 words decoded. */
final class HeaderValues {

    private HeaderValues() {
    }

    /**
     * The value after the colon: raw bytes as UTF-8 when valid, else windows-1252 (RFC 6532 allows UTF-8; older mail
     * has raw Latin-1 and worse), unfolded, stripped, then RFC 2047 encoded-words decoded, an unknown charset in an
     * encoded-word read as windows-1252.
     */
    static String decode(final RawField field) {
        final ByteSequence raw = field.getRaw();
        if (raw == null) {
            return field.getBody() == null ? "" : field.getBody().strip();
        }
        final int from = field.getDelimiterIdx() + 1;
        final String text;
        if (raw instanceof ByteArrayBuffer buffer) {
            text = MailCharsets.guess(buffer.buffer(), from, buffer.length() - from);
        } else {
            final byte[] bytes = raw.toByteArray();
            text = MailCharsets.guess(bytes, from, bytes.length - from);
        }
        final String unfolded = MimeUtil.unfold(text).strip();
        if (unfolded.indexOf("=?") < 0) {
            return unfolded;
        }
        return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT, MailCharsets.WINDOWS_1252,
                MailCharsets.WIDER);
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
