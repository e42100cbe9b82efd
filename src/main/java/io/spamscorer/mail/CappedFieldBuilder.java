package io.spamscorer.mail;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.FieldBuilder;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;
import org.apache.james.mime4j.util.RecycledByteArrayBuffer;

/**
 * mime4j's field builder, except that a field longer than the cap is cut (and remembered as cut) instead of failing
 * the whole message with {@code MaxHeaderLengthLimitException}: a 1 MB header is real spam, not a reason to drop it.
 */
final class CappedFieldBuilder implements FieldBuilder {

    /**
     * Thrown for every line that is not a field, which mime4j (lenient) catches and skips. One shared instance: a
     * message of millions of such lines must not cost millions of stack traces (6 s for 8 MB before).
     */
    private static final MimeException NOT_A_FIELD = new MimeException("not a header field");

    private final int maxBytes;
    private final ByteArrayBuffer buffer = new ByteArrayBuffer(256);
    private boolean fieldCut;
    private boolean anyCut;

    CappedFieldBuilder(final int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void reset() {
        buffer.clear();
        fieldCut = false;
    }

    @Override
    public void append(final ByteArrayBuffer line) {
        if (line == null) {
            return;
        }
        final int room = maxBytes - buffer.length();
        if (line.length() > room) {
            fieldCut = true;
            anyCut = true;
        }
        final int length = Math.min(room, line.length());
        if (length > 0) {
            buffer.append(line.buffer(), 0, length);
        }
    }

    @Override
    public RawField build() throws MimeException {
        int length = buffer.length();
        if (length > 0 && buffer.byteAt(length - 1) == '\n') {
            length--;
        }
        if (length > 0 && buffer.byteAt(length - 1) == '\r') {
            length--;
        }
        if (!looksLikeField(buffer.buffer(), length)) {
            throw NOT_A_FIELD;
        }
        final RawField field = RawFieldParser.DEFAULT.parseField(new ByteArrayBuffer(buffer.buffer(), length, false));
        final String name = field.getName();
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                throw NOT_A_FIELD;
            }
        }
        return field;
    }

    /**
     * A name of RFC 5322 ftext (blanks before the colon allowed, as RFC 822 did) and a colon. Checked on the bytes so
     * that a line that is no field costs no parse.
     */
    private static boolean looksLikeField(final byte[] bytes, final int length) {
        int i = 0;
        while (i < length && isNameChar((char) (bytes[i] & 0xff))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        return i < length && bytes[i] == ':';
    }

    /** RFC 5322 ftext: printable US-ASCII except the colon. */
    private static boolean isNameChar(final char ch) {
        return ch >= 0x21 && ch <= 0x7e && ch != ':';
    }

    /** Whether the field last built was cut at the cap. */
    boolean fieldCut() {
        return fieldCut;
    }

    /** Whether any field of this message was cut. */
    boolean anyCut() {
        return anyCut;
    }

    @Override
    public RecycledByteArrayBuffer getRaw() {
        // Only used with MimeConfig.isMalformedHeaderStartsBody(), which the parser leaves off.
        return null;
    }

    @Override
    public void release() {
        buffer.clear();
    }
}
