package io.spamscorer.model;

/**
 * log(1 + x) in pure Java, giving bit-for-bit the same result as {@link StrictMath#log1p}.
 *
 * <p>Why it exists: on JDK 17 {@code Math.log1p} goes to {@code StrictMath.log1p}, a JNI call into the C fdlibm.
 * That call costs tens of nanoseconds, and scoring calls log1p for every non-zero feature. JDK 21 replaced the
 * native code with a Java port (JDK-8301202); this class does the same for JDK 17. Java {@code double}
 * arithmetic is strict IEEE 754, so following fdlibm's operations in the same order gives the same bits as
 * the C code, and model scores do not change. {@code Log1pTest} checks that against {@code StrictMath.log1p}.
 *
 * <p>The algorithm is a transcription of {@code s_log1p.c} from fdlibm 5.3, whose notice follows:
 *
 * <pre>
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunPro, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 * </pre>
 *
 * <p>Method (from fdlibm): reduce 1 + x to 2^k·(1 + f) with sqrt(2)/2 &lt; 1 + f &lt; sqrt(2), carrying a
 * correction term c for the rounding of 1 + x; then log(1 + f) = f - (hfsq - s·(hfsq + R)) with s = f/(2 + f),
 * hfsq = f²/2 and R a degree-14 polynomial in s; finally add k·ln2 split into a high part (exact when
 * multiplied by k) and a low part. Special cases: log1p(-1) = -inf, log1p(x &lt; -1) = NaN, log1p(NaN) = NaN,
 * log1p(+inf) = +inf, log1p(±0) = ±0, and log1p(x) = x for |x| &lt; 2^-54.
 */
public final class Log1p {

    // Constants written from fdlibm's documented bit patterns, so they are exactly fdlibm's doubles.
    /** High part of ln 2: its trailing zero bits make k·LN2_HI exact for |k| &lt; 2^11. */
    private static final double LN2_HI = Double.longBitsToDouble(0x3FE62E42FEE00000L);
    private static final double LN2_LO = Double.longBitsToDouble(0x3DEA39EF35793C76L);
    private static final double TWO54 = Double.longBitsToDouble(0x4350000000000000L);
    private static final double LP1 = Double.longBitsToDouble(0x3FE5555555555593L);
    private static final double LP2 = Double.longBitsToDouble(0x3FD999999997FA04L);
    private static final double LP3 = Double.longBitsToDouble(0x3FD2492494229359L);
    private static final double LP4 = Double.longBitsToDouble(0x3FCC71C51D8E78AFL);
    private static final double LP5 = Double.longBitsToDouble(0x3FC7466496CB03DEL);
    private static final double LP6 = Double.longBitsToDouble(0x3FC39A09D078C69FL);
    private static final double LP7 = Double.longBitsToDouble(0x3FC2F112DF3E5244L);
    /** fdlibm writes 2/3 as the decimal literal 0.66666666666666666; both round to 0x3FE5555555555555. */
    private static final double TWO_THIRDS = Double.longBitsToDouble(0x3FE5555555555555L);

    private Log1p() {
    }

    /** Returns log(1 + x), bit-identical to {@code StrictMath.log1p(x)} for every x (NaN payloads included). */
    public static double log1p(final double x) {
        final int hx = highWord(x);
        final int ax = hx & 0x7fffffff;

        int k = 1;
        int hu = 0;
        double f = 0.0;
        if (hx < 0x3FDA827A) { // x < 0.41422 (signed compare: every negative x lands here)
            if (ax >= 0x3ff00000) { // x <= -1.0
                if (x == -1.0) {
                    return -TWO54 / 0.0; // log1p(-1) = -inf
                }
                return (x - x) / (x - x); // log1p(x < -1) = NaN, computed as fdlibm does so NaN bits match too
            }
            if (ax < 0x3e200000) { // |x| < 2^-29: x - x²/2 suffices, the x³/3 term is below half an ulp
                if (TWO54 + x > 0.0 && ax < 0x3c900000) { // |x| < 2^-54 (fdlibm's add also raises inexact)
                    return x;
                }
                return x - x * x * 0.5;
            }
            if (hx > 0 || hx <= 0xbfd2bec3) { // -0.2929 < x < 0.41422: 1 + x needs no reduction
                k = 0;
                f = x;
                hu = 1;
            }
        }
        if (hx >= 0x7ff00000) { // +inf or NaN with the sign bit clear
            return x + x;
        }
        double c = 0.0;
        if (k != 0) {
            double u;
            if (hx < 0x43400000) { // x < 2^53: 1 + x rounds, so keep the rounding error in c
                u = 1.0 + x;
                hu = highWord(u);
                k = (hu >> 20) - 1023;
                c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0);
                c /= u;
            } else { // x >= 2^53: adding 1 is below half an ulp of x, so take log(x) with no correction
                u = x;
                hu = highWord(u);
                k = (hu >> 20) - 1023;
                c = 0.0;
            }
            hu &= 0x000fffff;
            if (hu < 0x6a09e) { // mantissa of u below sqrt(2): scale u into [1, sqrt(2))
                u = withHighWord(u, hu | 0x3ff00000);
            } else { // otherwise scale u/2 into [sqrt(2)/2, 1)
                k += 1;
                u = withHighWord(u, hu | 0x3fe00000);
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }
        final double hfsq = 0.5 * f * f;
        if (hu == 0) { // |f| < 2^-20: a short series is enough
            if (f == 0.0) {
                if (k == 0) {
                    return 0.0;
                }
                c += k * LN2_LO;
                return k * LN2_HI + c;
            }
            final double r = hfsq * (1.0 - TWO_THIRDS * f);
            if (k == 0) {
                return f - r;
            }
            return k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
        }
        final double s = f / (2.0 + f);
        final double z = s * s;
        final double r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
        if (k == 0) {
            return f - (hfsq - s * (hfsq + r));
        }
        return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
    }

    /** fdlibm's __HI(x): the sign, exponent and top 20 mantissa bits, as a signed int. */
    private static int highWord(final double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    /** fdlibm's {@code __HI(x) = hi}: replaces the high word and keeps the low 32 mantissa bits. */
    private static double withHighWord(final double x, final int hi) {
        return Double.longBitsToDouble(((long) hi << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
    }
}
