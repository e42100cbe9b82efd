package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The table lookup must give StrictMath.log1p's bits for every input, whether it hits the tables or not. */
class Log1pCacheTest {

    private static void assertSameBits(final double x) {
        assertEquals(Double.doubleToRawLongBits(StrictMath.log1p(x)), Double.doubleToRawLongBits(Log1pCache.log1p(x)),
                () -> "log1p(" + x + ") [bits 0x" + Long.toHexString(Double.doubleToRawLongBits(x)) + "]");
    }

    @Test
    void everyTableKeyItsNeighboursAndOtherSpellingsGiveStrictMathsBits() {
        for (int k = -10; k < 20_000; k++) {
            for (final double x : new double[] {k / 1000.0, k / 100.0, k / 10.0, k, k * 0.001, k * 0.01}) {
                assertSameBits(x);
                assertSameBits(Math.nextUp(x));
                assertSameBits(Math.nextDown(x));
            }
        }
    }

    @Test
    void signedZerosSpecialValuesAndRandomInputsGiveStrictMathsBits() {
        for (final double x : new double[] {0.0, -0.0, -1.0, -0.5, -1e-300, Double.MIN_VALUE, 4095.0, 4096.0, 4095.5,
                16.383, 16.384, 16.3835, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300}) {
            assertSameBits(x);
        }
        final SplittableRandom random = new SplittableRandom(14);
        for (int n = 0; n < 1_000_000; n++) {
            assertSameBits(random.nextDouble() * 20);
            assertSameBits(Double.longBitsToDouble(random.nextLong()));
        }
    }
}
