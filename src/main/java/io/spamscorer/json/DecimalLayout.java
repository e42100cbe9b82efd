package io.spamscorer.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The text half of {@link ShortestDouble}: writes the decimal it chose, f·10^e, in {@code Double.toString}'s layout
 * ({@code 0.00123}, {@code 1234.5}, {@code 1.0E-5}) as ASCII bytes, allocating nothing.
 */
final class DecimalLayout {

    /** 10^i for i in [0, 18], for counting digits. */
    private static final long[] POW10 = new long[19];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private DecimalLayout() {
    }

    /**
     * Writes f·10^e (1 ≤ f < 10^17) in {@code Double.toString}'s layout. The digits are written one
     * byte to the right of where the text starts and then the leading ones moved left to make room for the point,
     * so that trailing zeros can be dropped by looking at the bytes.
     */
    static int format(final long f, final int e, final byte[] out, final int pos) {
        final int estimate = (64 - Long.numberOfLeadingZeros(f)) * 1233 >>> 12; // floor(bit length·log10 2)
        int len = f >= POW10[estimate] ? estimate + 1 : estimate;
        final int x = e + len - 1; // the leading digit's exponent: f·10^e = d.ddd·10^x
        if (x >= -3 && x < 0) {
            // 0.00ddd: "0." then -x-1 zeros, then the digits.
            out[pos] = '0';
            out[pos + 1] = '.';
            final int d = pos + 1 - x;
            for (int j = pos + 2; j < d; j++) {
                out[j] = '0';
            }
            digits(f, out, d + len);
            return d + trim(out, d, len);
        }
        digits(f, out, pos + 1 + len);
        len = trim(out, pos + 1, len);
        if (x >= 0 && x < 7) {
            // ddd.ddd or ddd00.0: the integer part is x + 1 digits.
            final int whole = x + 1;
            final int moved = Math.min(whole, len);
            for (int j = 0; j < moved; j++) {
                out[pos + j] = out[pos + 1 + j];
            }
            if (len > whole) {
                out[pos + whole] = '.';
                return pos + 1 + len;
            }
            for (int j = len; j < whole; j++) {
                out[pos + j] = '0';
            }
            out[pos + whole] = '.';
            out[pos + whole + 1] = '0';
            return pos + whole + 2;
        }
        // d.dddE±n
        out[pos] = out[pos + 1];
        out[pos + 1] = '.';
        int p = pos + 1 + len;
        if (len == 1) {
            out[p++] = '0';
        }
        out[p++] = 'E';
        int n = x;
        if (n < 0) {
            out[p++] = '-';
            n = -n;
        }
        p += n >= 100 ? 3 : n >= 10 ? 2 : 1;
        small(n, out, p);
        return p;
    }

    /** The number of digits left after dropping the trailing zeros of the {@code len} digits at {@code from}. */
    private static int trim(final byte[] out, final int from, final int len) {
        int n = len;
        while (n > 1 && out[from + n - 1] == '0') {
            n--;
        }
        return n;
    }

    /** Writes the decimal digits of f (≥ 1, below 10^17) so that the last one is at {@code end - 1}. */
    private static void digits(final long f, final byte[] out, final int end) {
        if (f < 100_000_000L) {
            small((int) f, out, end);
            return;
        }
        // Most doubles need 16 or 17 digits: two blocks of eight, and a leading digit.
        final long high = f / 100_000_000L;
        eight((int) (f - high * 100_000_000L), out, end - 8);
        final int h = (int) high;
        if (h >= 100_000_000) {
            final int first = h / 100_000_000;
            eight(h - first * 100_000_000, out, end - 16);
            out[end - 17] = (byte) ('0' + first);
        } else if (h >= 10_000_000) {
            eight(h, out, end - 16);
        } else {
            small(h, out, end - 8);
        }
    }

    /**
     * Writes n (below 10^8) as exactly eight ASCII digits at {@code at} in one little-endian long store: the digits
     * are split into 32-, 16- and 8-bit lanes of one long by multiplying with reciprocals (x/100 = x·10486 >> 20 for
     * x < 10,000; x/10 = x·103 >> 10 for x < 100), instead of eight dependent divisions and eight stores.
     */
    private static void eight(final int n, final byte[] out, final int at) {
        final int first4 = n / 10_000;
        final long fours = first4 | (long) (n - first4 * 10_000) << 32;
        final long hundredsHigh = (fours * 10486 >>> 20) & 0x0000_007F_0000_007FL;
        final long twos = hundredsHigh | (fours - 100 * hundredsHigh) << 16;
        final long tens = (twos * 103 >>> 10) & 0x000F_000F_000F_000FL;
        final long ones = twos - 10 * tens;
        LONGS.set(out, at, (tens | ones << 8) + 0x3030_3030_3030_3030L);
    }

    /** Writes n (≥ 0, below 10^8; one digit for 0) so that its last digit is at {@code end - 1}. */
    private static void small(final int n, final byte[] out, final int end) {
        int r = n;
        int p = end;
        do {
            final int next = r / 10;
            out[--p] = (byte) ('0' + r - 10 * next);
            r = next;
        } while (r > 0);
    }
}
