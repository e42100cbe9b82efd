package io.spamscorer.train;

import io.spamscorer.io.BoundedLineReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The lines of a CSV file as strict UTF-8 text, read with bounded memory: a line over {@link #MAX_LINE_BYTES} or a
 * file over {@link #MAX_FILE_BYTES} fails with a {@link DatasetException} naming the file (and line), and so does
 * a byte sequence that is not UTF-8, rather than turning into U+FFFD in a feature name. A leading byte-order mark
 * is dropped. Also hashes every byte read, for the model's provenance.
 */
final class CsvLines {

    /** Longer than any plausible row or header (thousands of feature names), still small enough to hold. */
    static final int MAX_LINE_BYTES = 1_048_576;
    /** The parsed table takes several times the file's size in memory; larger data needs another trainer. */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private final String source;
    private final MessageDigest digest;
    private final BoundedLineReader reader;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int lineNumber;

    CsvLines(final String source, final InputStream in) {
        this.source = source;
        this.digest = sha256();
        this.reader = new BoundedLineReader(new DigestInputStream(new FileLimit(source, in), digest), MAX_LINE_BYTES);
    }

    /** The next line without its line end, or null at the end of the file. */
    String next() throws IOException {
        final BoundedLineReader.Line line = reader.next();
        if (reader.bytesRead() > MAX_FILE_BYTES) {
            throw new DatasetException(source + " is over " + MAX_FILE_BYTES + " bytes, the limit for a data file");
        }
        if (line == null) {
            return null;
        }
        lineNumber = Math.toIntExact(line.number());
        if (line.tooLong()) {
            throw new DatasetException(source + " line " + lineNumber + ": line is over " + MAX_LINE_BYTES + " bytes");
        }
        final byte[] bytes = line.bytes();
        final boolean bom = lineNumber == 1 && bytes.length >= 3
                && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
        // Spreadsheet exports often start with a byte-order mark; it is not part of the first column's name.
        final ByteBuffer buffer = ByteBuffer.wrap(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0));
        try {
            return utf8.reset().decode(buffer).toString();
        } catch (final CharacterCodingException e) {
            throw new DatasetException(source + " line " + lineNumber + ": not valid UTF-8 at byte " + (buffer.position() + 1)
                    + " of the line; save the file as UTF-8");
        }
    }

    /** The 1-based number of the line last returned. */
    int lineNumber() {
        return lineNumber;
    }

    /** Lower-case hex SHA-256 of the bytes read; the file's hash once {@link #next} has returned null. */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Fails the read that goes past {@link #MAX_FILE_BYTES}. The check after each line is not enough on its own: the
     * line reader discards the rest of an over-long line until its '\n', so a source without one (/dev/zero, a FIFO)
     * would be read forever before the line came back.
     */
    private static final class FileLimit extends FilterInputStream {
        private final String source;
        private long count;

        FileLimit(final String source, final InputStream in) {
            super(in);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            final int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            final int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(final int n) {
            count += n;
            if (count > MAX_FILE_BYTES) {
                throw new DatasetException(source + " is over " + MAX_FILE_BYTES + " bytes, the limit for a data file");
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
