package io.spamscorer.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a byte stream into lines on {@code '\n'} (a trailing {@code '\r'} is dropped) without ever holding more than
 * {@code maxLineBytes} of one line: the rest of a longer line is read and discarded, and the line comes back as
 * {@link Line#tooLong()}, so one hostile line costs a bounded amount of memory and the lines after it are still read.
 * Not thread-safe; the caller owns and closes the stream.
 */
public final class BoundedLineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long lineNumber;
    private long bytesRead;

    public BoundedLineReader(final InputStream in, final int maxLineBytes) {
        this.in = Objects.requireNonNull(in, "in == null");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** One line: its 1-based number and its bytes, or no bytes when it was longer than the limit. */
    public record Line(long number, byte[] bytes) {
        public boolean tooLong() {
            return bytes == null;
        }
    }

    /** The next line, or null at the end of the stream (a final line without '\n' is still a line). */
    public Line next() throws IOException {
        byte[] line = new byte[Math.min(512, maxLineBytes + 1)];
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            final int start = pos;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            final boolean found = end < limit;
            pos = found ? end + 1 : end;
            if (!tooLong) {
                final int chunk = end - start;
                // One byte of slack for a '\r' that ends a line of exactly the limit.
                if ((long) length + chunk > maxLineBytes + 1L) {
                    tooLong = true;
                    line = null;
                } else {
                    if (length + chunk > line.length) {
                        line = Arrays.copyOf(line, Math.min(maxLineBytes + 1, Math.max(line.length * 2, length + chunk)));
                    }
                    System.arraycopy(buffer, start, line, length, chunk);
                    length += chunk;
                }
            }
            if (found) {
                break;
            }
        }
        lineNumber++;
        if (tooLong) {
            return new Line(lineNumber, null);
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            return new Line(lineNumber, null);
        }
        return new Line(lineNumber, Arrays.copyOf(line, length));
    }

    /** Bytes read from the stream so far, line ends included. */
    public long bytesRead() {
        return bytesRead;
    }

    private boolean fill() throws IOException {
        final int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            // read returns 0 only for an empty buffer; treat it as the end rather than spin.
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        bytesRead += n;
        return true;
    }
}
