package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvLinesTest {

    /** Endless bytes without a line end, like /dev/zero; fails the test if read well past the file limit. */
    private static final class Endless extends InputStream {
        private long served;

        @Override
        public int read() {
            return read(new byte[1], 0, 1) < 0 ? -1 : 0;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) {
            if (served > CsvLines.MAX_FILE_BYTES + 8L * CsvLines.MAX_LINE_BYTES) {
                throw new AssertionError("read " + served + " bytes, far past the file limit");
            }
            Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            return len;
        }
    }

    @Test
    void shouldStopAtTheFileLimitInsideALineWithoutALineEnd() {
        final CsvLines lines = new CsvLines("/dev/zero", new Endless());
        final DatasetException e = assertThrows(DatasetException.class, lines::next);
        assertEquals("/dev/zero is over " + CsvLines.MAX_FILE_BYTES + " bytes, the limit for a data file", e.getMessage());
    }
}
