package io.spamscorer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static InputStream of(final String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(final BoundedLineReader.Line line) {
        return new String(line.bytes(), StandardCharsets.US_ASCII);
    }

    /** {@code size} bytes of 'x' made on the fly, so the test itself holds none of them. */
    private static InputStream endless(final long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(final byte[] b, final int off, final int len) {
                if (left <= 0) {
                    return -1;
                }
                final int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
    }

    @Test
    void shouldSplitOnNewlineDropTrailingCarriageReturnAndKeepAFinalLineWithoutNewline() throws IOException {
        final BoundedLineReader r = new BoundedLineReader(of("a\r\n\nbc\nlast"), 10);
        assertEquals("a", text(r.next()));
        assertEquals("", text(r.next()));
        assertEquals("bc", text(r.next()));
        final BoundedLineReader.Line last = r.next();
        assertEquals("last", text(last));
        assertEquals(4, last.number());
        assertNull(r.next());
    }

    @Test
    void shouldAcceptALineOfExactlyTheLimitWithOrWithoutCarriageReturn() throws IOException {
        final BoundedLineReader r = new BoundedLineReader(of("abcd\nabcd\r\nabcde\n"), 4);
        assertEquals("abcd", text(r.next()));
        assertEquals("abcd", text(r.next()));
        assertTrue(r.next().tooLong());
        assertNull(r.next());
    }

    @Test
    void shouldSkipAHugeLineWithoutHoldingItAndGoOnWithTheNextLine() throws IOException {
        final InputStream in = new SequenceInputStream(Collections.enumeration(List.of(
                of("first\n"), endless(256L * 1024 * 1024), of("\nthird\n"))));
        final BoundedLineReader r = new BoundedLineReader(in, 1024);
        assertEquals("first", text(r.next()));
        final BoundedLineReader.Line huge = r.next();
        assertTrue(huge.tooLong());
        assertEquals(2, huge.number());
        final BoundedLineReader.Line third = r.next();
        assertArrayEquals("third".getBytes(StandardCharsets.US_ASCII), third.bytes());
        assertEquals(3, third.number());
        assertNull(r.next());
    }
}
