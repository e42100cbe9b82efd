package io.spamscorer.json;

import java.math.BigInteger;

/**
 * Writes a double as the shortest decimal that reads back as the same double, in the text of JDK 19+
 * {@code Double.toString} (which is also what Jackson's {@code NumberOutput.toString(d, true)} writes), as ASCII
 * bytes straight into a caller's buffer, allocating nothing.
 *
 * <p>Why our own: Jackson's writer allocates an object, a {@code byte[]} and a {@code String} per double, which was
 * ~21 % of the scorer's parse → score → serialize CPU time and 640 B of garbage per record (five doubles), and JDK
 * 17's own {@code Double.toString} gives other text for some values (JDK-4511638). This is written from the
 * published algorithm, Schubfach (R. Giulietti, "The Schubfach way to render doubles", 2020), not from either
 * implementation; {@code ShortestDoubleTest} holds it to Jackson's output byte for byte.
 *
 * <p>The decimal chosen for a finite non-zero double v: among the decimals that round to v (its rounding interval),
 * those with the fewest digits; when that is one digit, those with one or two digits; of these the one closest to
 * v, the one with an even last digit on a tie. It is written plainly when 10^-3 ≤ |d| < 10^7 ({@code 0.001},
 * {@code 1234.5}) and as {@code d.dddE±n} otherwise ({@code 1.0E-5}, {@code 1.0E7}), always with a digit after the
 * point. This class chooses the decimal; {@link DecimalLayout} writes its text.
 */
public final class ShortestDouble {

    /** The longest text: sign, 17 digits, point, {@code E}, exponent sign and three digits. */
    public static final int MAX_LENGTH = 24;

    private static final int SIGNIFICAND_BITS = 52;
    private static final long FRACTION_MASK = (1L << SIGNIFICAND_BITS) - 1;
    private static final long C_MIN = 1L << SIGNIFICAND_BITS;
    /** The binary exponent q of v = c·2^q of subnormals and of the smallest normal binade. */
    private static final int Q_MIN = -1074;
    /**
     * Subnormals with c below this have a one-digit interval scale: s would have one digit, too few to choose the
     * closest of the one- and two-digit decimals, so c is scaled by 10 and the exponent by -1 (only c = 1 and 2).
     */
    private static final long C_TINY = 3;

    /*
     * 10^e for e = -k in [E_MIN, E_MAX] (k is the decimal exponent of the interval's scale, from -324 to 292) as
     * g·2^(LOG2[e] - 125), g = floor(10^e·2^(125 - LOG2[e])) + 1 in [2^125, 2^126): an upper approximation with 126
     * significant bits, which the paper shows is enough for every double. Kept as two 63-bit halves so that the
     * products below stay in signed longs.
     */
    private static final int E_MIN = -292;
    private static final int E_MAX = 324;
    private static final long[] G_HIGH = new long[E_MAX - E_MIN + 1];
    private static final long[] G_LOW = new long[E_MAX - E_MIN + 1];
    /** floor(log2(10^e)). */
    private static final int[] LOG2 = new int[E_MAX - E_MIN + 1];
    private static final long MASK_63 = Long.MAX_VALUE;

    static {
        final BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int e = E_MIN; e <= E_MAX; e++) {
            final BigInteger p = BigInteger.TEN.pow(Math.abs(e));
            // 10^n (n ≥ 1) is never a power of two, so floor(log2 10^-n) = -ceil(log2 10^n) = -bitLength(10^n).
            final int log2 = e >= 0 ? p.bitLength() - 1 : -p.bitLength();
            final int shift = 125 - log2;
            final BigInteger floor = e >= 0
                    ? (shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift))
                    : BigInteger.ONE.shiftLeft(shift).divide(p);
            final BigInteger g = floor.add(BigInteger.ONE);
            if (g.bitLength() != 126) {
                throw new IllegalStateException("g for 10^" + e + " has " + g.bitLength() + " bits, not 126");
            }
            G_HIGH[e - E_MIN] = g.shiftRight(63).longValueExact();
            G_LOW[e - E_MIN] = g.and(mask63).longValueExact();
            LOG2[e - E_MIN] = log2;
        }
    }

    private ShortestDouble() {
    }

    /**
     * Writes {@code v} at {@code out[pos]} and returns the position after it; {@code out} must have
     * {@link #MAX_LENGTH} bytes free from {@code pos}. NaN and infinities are written as {@code NaN},
     * {@code Infinity}, {@code -Infinity}, as {@code Double.toString} does (JSON has no such numbers: callers that
     * write JSON decide before calling).
     */
    public static int write(final double v, final byte[] out, final int pos) {
        final long bits = Double.doubleToRawLongBits(v);
        final long fraction = bits & FRACTION_MASK;
        final int biased = (int) (bits >>> SIGNIFICAND_BITS) & 0x7ff;
        if (biased == 0x7ff) {
            return nonFinite(fraction != 0 ? "NaN" : bits < 0 ? "-Infinity" : "Infinity", out, pos);
        }
        int p = pos;
        if (bits < 0) {
            out[p++] = '-';
        }
        if (biased != 0) {
            final int q = biased - 1075;
            final long c = C_MIN | fraction;
            // A whole number below 2^53 is its own shortest decimal: every other decimal within half a unit of it
            // has more digits (fewer only if it is a multiple of 10, which is the same number).
            if (q < 0 && q > -SIGNIFICAND_BITS - 1) {
                final long f = c >> -q;
                if (f << -q == c) {
                    return DecimalLayout.format(f, 0, out, p);
                }
            }
            return decimal(q, c, 0, out, p);
        }
        if (fraction == 0) {
            out[p] = '0';
            out[p + 1] = '.';
            out[p + 2] = '0';
            return p + 3;
        }
        return fraction < C_TINY ? decimal(Q_MIN, 10 * fraction, -1, out, p) : decimal(Q_MIN, fraction, 0, out, p);
    }

    /**
     * Schubfach for v = c·2^q (times 10^dk): picks the scale 10^k so that the rounding interval is 1 to 10 units
     * wide, computes v and the interval's ends in quarter units (round-to-odd, which keeps every comparison below
     * exact), and chooses between the one-digit-shorter multiples of 10 around v and the two neighbours s, t of v.
     */
    private static int decimal(final int q, final long c, final int dk, final byte[] out, final int pos) {
        // The interval is [v - half the gap below, v + half the gap above], open when c is odd (the reader rounds
        // ties to even). At a power of two (c = 2^52, not the first binade) the gap below is half the gap above.
        final boolean regular = c != C_MIN || q == Q_MIN;
        final int k = regular ? floorLog10Pow2(q) : floorLog10ThreeQuartersPow2(q);
        final int i = -k - E_MIN;
        final int h = q + LOG2[i] + 2;
        final long gHigh = G_HIGH[i];
        final long gLow = G_LOW[i];
        final long cb = c << 2;
        final long vb = roundToOdd(gHigh, gLow, cb << h);
        final long vbl = roundToOdd(gHigh, gLow, (regular ? cb - 2 : cb - 1) << h);
        final long vbr = roundToOdd(gHigh, gLow, (cb + 2) << h);
        final long open = c & 1;
        final int e = k + dk;
        final long s = vb >> 2;
        // With a two-digit s the answer is the closer of s and t, even when a one-digit decimal is in the interval.
        if (s >= 100) {
            final long sp10 = s / 10 * 10;
            final long tp10 = sp10 + 10;
            final boolean spIn = vbl + open <= sp10 << 2;
            final boolean tpIn = (tp10 << 2) + open <= vbr;
            if (spIn != tpIn) {
                return DecimalLayout.format(spIn ? sp10 : tp10, e, out, pos);
            }
        }
        final long t = s + 1;
        final boolean sIn = vbl + open <= s << 2;
        final boolean tIn = (t << 2) + open <= vbr;
        if (sIn != tIn) {
            return DecimalLayout.format(sIn ? s : t, e, out, pos);
        }
        final long cmp = vb - ((s + t) << 1); // v against the midpoint of s and t, in quarter units
        return DecimalLayout.format(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, e, out, pos);
    }

    /**
     * floor(g·cp / 2^127) with its lowest bit set when the discarded part is not zero ("round to odd"), g being
     * {@code gHigh·2^63 + gLow}. The lowest product's low half is not computed; the paper shows that, with g an
     * upper approximation of 126 bits, the result is still the exact value's round-to-odd.
     */
    private static long roundToOdd(final long gHigh, final long gLow, final long cp) {
        final long low = Math.multiplyHigh(gLow, cp);
        final long midLow = gHigh * cp;
        final long midHigh = Math.multiplyHigh(gHigh, cp);
        final long z = (midLow >>> 1) + low;
        final long floor = midHigh + (z >>> 63);
        return floor | ((z & MASK_63) + MASK_63) >>> 63;
    }

    /** floor(q·log10 2), exact for |q| ≤ 1100: 1292913986 = floor(2^32·log10 2). */
    static int floorLog10Pow2(final int q) {
        return (int) (q * 1292913986L >> 32);
    }

    /** floor(q·log10 2 + log10 3/4), exact for |q| ≤ 1100: -536607788 = floor(2^32·log10 0.75). */
    static int floorLog10ThreeQuartersPow2(final int q) {
        return (int) (q * 1292913986L - 536607788L >> 32);
    }

    private static int nonFinite(final String text, final byte[] out, final int pos) {
        for (int j = 0; j < text.length(); j++) {
            out[pos + j] = (byte) text.charAt(j);
        }
        return pos + text.length();
    }
}
