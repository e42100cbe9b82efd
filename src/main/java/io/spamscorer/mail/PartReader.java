package io.spamscorer.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Reads text parts under two budgets shared by the whole message: decoded bytes ({@link EmailLimits#maxTextChars()})
 * and raw bytes (four times that). The raw budget matters for junk: a base64 part of 9 MB of characters outside the
 * alphabet decodes to nothing, so only a bound on what is read keeps it from costing a second. What is left unread
 * mime4j skips cheaply.
 */
final class PartReader {

    private static final int FIRST_BUFFER = 2048;

    private int chars;
    private long rawBytes;
    private boolean truncated;

    PartReader(final int maxChars) {
        this.chars = maxChars;
        this.rawBytes = 4L * maxChars;
    }

    /** The decoded content of a part with this Content-Transfer-Encoding (mime4j decoders, silent on errors). */
    byte[] read(final InputStream raw, final String transferEncoding) throws IOException {
        final Bounded bounded = new Bounded(raw);
        final InputStream decoded;
        if (MimeUtil.isBase64Encoding(transferEncoding)) {
            decoded = new Base64InputStream(bounded, DecodeMonitor.SILENT);
        } else if (MimeUtil.isQuotedPrintableEncoded(transferEncoding)) {
            decoded = new QuotedPrintableInputStream(bounded, DecodeMonitor.SILENT);
        } else {
            decoded = bounded;
        }
        final byte[] bytes = readUpTo(decoded, chars);
        chars -= bytes.length;
        if ((chars == 0 || bounded.exhausted) && raw.read() != -1) {
            truncated = true;
        }
        return bytes;
    }

    /** Up to the remaining decoded budget of raw bytes, not yet counted: see {@link #take(byte[])}. */
    byte[] peek(final InputStream raw) throws IOException {
        return readUpTo(raw, chars);
    }

    /** Counts bytes read by {@link #peek(InputStream)} now that they are used; returns as many as the budget allows. */
    int take(final byte[] peeked) {
        final int length = Math.min(peeked.length, chars);
        chars -= length;
        return length;
    }

    boolean truncated() {
        return truncated;
    }

    /**
     * Up to {@code max} bytes of {@code in}, as {@link InputStream#readNBytes(int)} returns them, but into one buffer
     * that grows only as the part does: readNBytes starts every call with an 8 KiB buffer and a copy, which a
     * message of a few small parts paid for on each.
     */
    private static byte[] readUpTo(final InputStream in, final int max) throws IOException {
        byte[] buffer = new byte[Math.min(max, FIRST_BUFFER)];
        int n = 0;
        while (n < max) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(max, 2L * buffer.length));
            }
            final int read = in.read(buffer, n, buffer.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
    }

    /** The raw stream, ending early when the message's raw budget is spent. */
    private final class Bounded extends InputStream {

        private final InputStream in;
        private boolean exhausted;

        Bounded(final InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (rawBytes <= 0) {
                exhausted = true;
                return -1;
            }
            final int b = in.read();
            if (b >= 0) {
                rawBytes--;
            }
            return b;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            if (rawBytes <= 0) {
                exhausted = true;
                return -1;
            }
            final int n = in.read(buffer, offset, (int) Math.min(length, rawBytes));
            if (n > 0) {
                rawBytes -= n;
            }
            return n;
        }
    }
}
