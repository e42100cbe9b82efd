package io.spamscorer.stream;

import com.fasterxml.jackson.core.io.NumberInput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one strict JSON number of a {@link CanonicalRecord} into a double exactly as Jackson would, or gives up so
 * that Jackson reads the whole record. Both {@link #scan} and {@link #scanScalar} return the index after the number
 * (what follows is the caller's business) or -1, and write {@code x[slot]} only when they succeed; the slot must
 * hold +0.0 beforehand, because a zero is not written.
 *
 * <p>Every conversion is correctly rounded, so every path gives the bits {@link Double#parseDouble} gives: integers
 * up to 18 digits are a cast of a long (as Jackson converts an int or long token); a decimal whose digits, read as
 * an integer, are at most 2^53 and which has at most 22 fraction digits is that integer divided by an exact power of
 * ten (Clinger's fast path: one correctly rounded division of two exact doubles); other decimals go to Jackson's own
 * parser. A {@code -0} integer is left to Jackson, which reads it as the int 0, i.e. +0.0.
 */
final class NumberScanner {

    /** Eight bytes at any index, least significant byte first, so a word's first byte is its lowest. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ZEROS = 0x3030303030303030L;
    private static final long ABOVE_NINE = 0x4646464646464646L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int ZERO_COMMA = '0' | ',' << 8;
    private static final int ZERO_BRACKET = '0' | ']' << 8;
    private static final int ZERO_POINT_ZERO_COMMA = '0' | '.' << 8 | '0' << 16 | ',' << 24;
    private static final int ZERO_POINT_ZERO_BRACKET = '0' | '.' << 8 | '0' << 16 | ']' << 24;
    /** Every long up to 2^53 is exactly a double. */
    private static final long EXACT = 1L << 53;
    /** The most digits {@link #scan} adds up in a long: below 10^16, so no overflow, and often at most 2^53. */
    private static final int MAX_EXACT_DIGITS = 16;
    private static final int MAX_NUMBER_CHARS = 64;
    private static final double[] POW10 = new double[23];
    private static final long[] LONG_POW10 = new long[MAX_EXACT_DIGITS + 1];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        long q = 1;
        for (int i = 0; i < LONG_POW10.length; i++) {
            LONG_POW10[i] = q;
            q *= 10;
        }
    }

    private NumberScanner() {
    }

    /**
     * Reads the number at {@code start} eight bytes at a time: a zero ({@code 0} or {@code 0.0} then {@code ,} or
     * {@code ]}) or a short positive decimal from one word, otherwise an integer part of up to eight digits from one
     * word and a fraction from one word per eight digits (a fraction too long for an exact division goes straight to
     * Jackson's parser, as {@link #scanScalar} would send it, without a second scan). Anything else (an exponent, a
     * longer integer part, a leading zero, a malformed number, fewer than nine bytes left to read) goes to
     * {@link #scanScalar}, which decides it; so this gives exactly what {@link #scanScalar} gives for every input
     * ({@code NumberScannerTest}).
     */
    static int scan(final byte[] b, final int start, final double[] x, final int slot) {
        if (b.length - start <= Long.BYTES) {
            return scanScalar(b, start, x, slot);
        }
        long w = (long) LONGS.get(b, start);
        final int head = (int) w;
        final int pair = head & 0xFFFF;
        if (pair == ZERO_COMMA || pair == ZERO_BRACKET) {
            return start + 1;
        }
        if (head == ZERO_POINT_ZERO_COMMA || head == ZERO_POINT_ZERO_BRACKET) {
            return start + 3;
        }
        final int shortEnd = shortDecimal(w, x, slot);
        if (shortEnd > 0) {
            return start + shortEnd;
        }
        final boolean negative = (byte) w == '-';
        int i = start;
        if (negative) {
            i++;
            if (b.length - i <= Long.BYTES) {
                return scanScalar(b, start, x, slot);
            }
            w = (long) LONGS.get(b, i);
        }
        final int intDigits = digitCount(w);
        // b[i + 8] exists: checked above. An integer part of more than eight digits or with a leading zero is rare.
        if (intDigits == 0 || intDigits == Long.BYTES && isDigit(b[i + Long.BYTES]) || intDigits > 1 && (byte) w == '0') {
            return scanScalar(b, start, x, slot);
        }
        final long intPart = digits(w, intDigits);
        i += intDigits;
        final byte c = b[i];
        if (c == '.') {
            return fraction(b, start, i + 1, intPart, intDigits, negative, x, slot);
        }
        if (c == 'e' || c == 'E' || negative && intPart == 0) {
            return scanScalar(b, start, x, slot);
        }
        x[slot] = negative ? -intPart : intPart;
        return i;
    }

    /**
     * A positive decimal that fits in the word with the byte after it (Spambase's {@code 0.07}, {@code 3.756},
     * {@code 71.0}): its length, its value in {@code x[slot]}; or 0 when the word holds something else. The point is
     * dropped from the word so that one conversion reads all the digits, at most six: an exact double.
     */
    private static int shortDecimal(final long w, final double[] x, final int slot) {
        final int intDigits = digitCount(w);
        // a leading zero is Jackson's to reject
        if (intDigits == 0 || intDigits > 6 || (byte) (w >>> (intDigits << 3)) != '.' || intDigits > 1 && (byte) w == '0') {
            return 0;
        }
        final long fractionBytes = w >>> ((intDigits + 1) << 3);
        final int fractionDigits = digitCount(fractionBytes); // the bytes shifted in are 0, not digits
        final int end = intDigits + 1 + fractionDigits;
        if (fractionDigits == 0 || end == Long.BYTES) {
            return 0;
        }
        final byte c = (byte) (w >>> (end << 3));
        if (c == 'e' || c == 'E') {
            return 0;
        }
        final long joined = (w & ((1L << (intDigits << 3)) - 1)) | fractionBytes << (intDigits << 3);
        x[slot] = digits(joined, intDigits + fractionDigits) / POW10[fractionDigits];
        return end;
    }

    /** The fraction digits from {@code from} (just after the point), then the value; see {@link #scan}. */
    private static int fraction(final byte[] b, final int start, final int from, final long intPart, final int intDigits,
            final boolean negative, final double[] x, final int slot) {
        int i = from;
        long fraction = 0;
        int d;
        do {
            if (b.length - i <= Long.BYTES || i - start > MAX_NUMBER_CHARS) {
                return scanScalar(b, start, x, slot);
            }
            final long w = (long) LONGS.get(b, i);
            d = digitCount(w);
            if (d == 0) {
                break; // digits needs at least one
            }
            if (i - from + d <= MAX_EXACT_DIGITS) {
                fraction = fraction * LONG_POW10[d] + digits(w, d);
            }
            i += d;
        } while (d == Long.BYTES);
        final int fractionDigits = i - from;
        final byte c = b[i];
        if (fractionDigits == 0 || c == 'e' || c == 'E' || i - start > MAX_NUMBER_CHARS) {
            return scanScalar(b, start, x, slot);
        }
        // The number's digits read as one integer, without the integer part when it is 0: below 10^16 when there
        // are at most 16 of them, so the long cannot overflow.
        final int significant = (intPart == 0 ? 0 : intDigits) + fractionDigits;
        final long m = significant <= MAX_EXACT_DIGITS ? intPart * LONG_POW10[fractionDigits] + fraction : Long.MAX_VALUE;
        if (m > EXACT) {
            // Finite: at most eight integer digits and no exponent. The sign is part of the text.
            x[slot] = NumberInput.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1), true);
            return i;
        }
        final double v = m / POW10[fractionDigits];
        x[slot] = negative ? -v : v;
        return i;
    }

    /** How many of the word's bytes, first byte first, are ASCII digits before the first that is not (0 to 8). */
    private static int digitCount(final long w) {
        // A byte's high bit is set in w + 0x46 when it is above '9', in w - 0x30 when it is below '0' (or ≥ 0xB0);
        // carries and borrows only run towards later bytes, so the bytes up to the first non-digit are exact.
        final long nonDigits = ((w + ABOVE_NINE) | (w - ZEROS)) & HIGH_BITS;
        return Long.numberOfTrailingZeros(nonDigits) >>> 3;
    }

    /**
     * The value of the word's first {@code count} (1 to 8) bytes, all digits: shifted to the top of the word, the
     * bytes below become leading zeros, then pairs, quads and the eight are combined by three multiplications.
     */
    private static long digits(final long w, final int count) {
        long v = (w - ZEROS) << (Long.SIZE - Long.BYTES * count);
        v = v * 10 + (v >>> 8);
        return ((v & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))
                + ((v >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
    }

    private static boolean isDigit(final byte c) {
        return c >= '0' && c <= '9';
    }

    /** The byte-at-a-time reader: the reference for {@link #scan}, and what it falls back to. */
    static int scanScalar(final byte[] b, final int start, final double[] x, final int slot) {
        // Most Spambase features are zero, written "0" or, by Jackson and most JSON writers, "0.0"; x[slot]
        // already holds +0.0, which is what Jackson gives for both.
        if (start + 1 < b.length && b[start] == '0') {
            final byte next = b[start + 1];
            if (next == ',' || next == ']') {
                return start + 1;
            }
            if (next == '.' && start + 3 < b.length && b[start + 2] == '0'
                    && (b[start + 3] == ',' || b[start + 3] == ']')) {
                return start + 3;
            }
        }
        int i = start;
        final boolean negative = i < b.length && b[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= b.length) {
            return -1;
        }
        long m = 0;
        int significant = 0;
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                m = m * 10 + (b[i] - '0');
                significant++;
                if (significant > 18) {
                    return -1;
                }
                i++;
            }
        } else {
            return -1;
        }
        int fraction = 0;
        boolean decimal = false;
        if (i < b.length && b[i] == '.') {
            decimal = true;
            i++;
            final int digitsStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                if (significant <= 18) {
                    m = m * 10 + (b[i] - '0');
                    fraction++;
                    if (m != 0) {
                        significant++;
                    }
                } else {
                    significant++;
                }
                i++;
            }
            if (i == digitsStart) {
                return -1;
            }
        }
        int exponent = 0;
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            decimal = true;
            i++;
            boolean negativeExponent = false;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            final int digitsStart = i;
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                exponent = Math.min(exponent * 10 + (b[i] - '0'), 100_000);
                i++;
            }
            if (i == digitsStart) {
                return -1;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i - start > MAX_NUMBER_CHARS) {
            return -1;
        }
        final double d;
        if (!decimal) {
            if (negative && m == 0) {
                return -1;
            }
            d = negative ? -m : m;
        } else {
            final int e10 = exponent - fraction;
            if (significant <= 15 && e10 >= -22 && e10 <= 22) {
                final double v = e10 < 0 ? m / POW10[-e10] : m * POW10[e10];
                d = negative ? -v : v;
            } else {
                d = NumberInput.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1), true);
            }
        }
        if (!Double.isFinite(d)) {
            return -1;
        }
        x[slot] = d;
        return i;
    }
}
