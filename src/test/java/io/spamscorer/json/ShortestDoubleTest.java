package io.spamscorer.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortestDouble} must write, byte for byte, what Jackson's fast double writer
 * ({@code NumberOutput.toString(d, true)}, the text the serializer's generator path and its consumers' contract use)
 * writes: over the edge cases of the algorithm and of the layout, the values the scorer writes, and millions of
 * random doubles. Seeded, so a failure names a double that can be replayed.
 */
class ShortestDoubleTest {

    private final byte[] buf = new byte[64];

    @Test
    void writesWhatJacksonWritesForZerosExtremesAndNonFinite() {
        final double[] values = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 2 * Double.MIN_VALUE,
            3 * Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL),
            Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1.0, -1.0, 0.5, 0.1, 0.2, 0.3,
            1.0 / 3, 2.0 / 3, Math.PI, Math.E, 1e23, 9e15, 5e-324, 4.9e-324, 9.9e-324, 1.0e-323,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0x7ff8_0000_0000_0001L), Double.longBitsToDouble(0xfff0_0000_0000_0001L)};
        for (final double v : values) {
            assertSame(v);
        }
    }

    @Test
    void writesWhatJacksonWritesForEverySubnormalScaleAndItsNeighbours() {
        for (long c = 1; c < 5_000; c++) {
            assertSame(Double.longBitsToDouble(c));
        }
        for (int b = 0; b < 52; b++) {
            for (long d = -3; d <= 3; d++) {
                assertSame(Double.longBitsToDouble((1L << b) + d > 0 ? (1L << b) + d : 1));
            }
        }
        final SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 100_000; n++) {
            assertSame(Double.longBitsToDouble(random.nextLong(1, 1L << 52)));
        }
    }

    @Test
    void writesWhatJacksonWritesForEveryPowerOfTwoAndTenAndTheirNeighbours() {
        for (int e = -1074; e <= 1023; e++) {
            aroundBothSigns(Math.scalb(1.0, e), 3);
            aroundBothSigns(Math.scalb(1.5, e), 1);
        }
        for (int e = -325; e <= 309; e++) {
            aroundBothSigns(Double.parseDouble("1e" + e), 3);
            for (final String m : new String[] {"2", "5", "9", "9.9", "9.99999", "1.5", "4.9", "1.0000000000000002"}) {
                aroundBothSigns(Double.parseDouble(m + "e" + e), 2);
            }
        }
    }

    @Test
    void writesWhatJacksonWritesWhereTheLayoutSwitchesAtOneThousandthAndTenMillion() {
        for (final double boundary : new double[] {1e-3, 1e7, 1e-2, 1e-4, 1e6, 1e8, 1.0, 10.0}) {
            aroundBothSigns(boundary, 2_000);
        }
        for (final String s : new String[] {"0.001", "0.00099999999999999", "0.0009999999999999999",
            "9999999.999999998", "9999999.999999999", "9999999.9999999999", "999999.9999999999",
            "0.00100000000000000002", "1.0E7", "10000000.000000002", "9999999", "0.0009995", "0.0010005"}) {
            aroundBothSigns(Double.parseDouble(s), 5);
        }
    }

    @Test
    void writesWhatJacksonWritesForWholeNumbersUpToTwoToThe53() {
        for (long i = 0; i < 100_000; i++) {
            assertSame(i);
        }
        for (int b = 1; b <= 54; b++) {
            for (long d = -2; d <= 2; d++) {
                assertSame((double) ((1L << b) + d));
            }
        }
        long p = 1;
        for (int i = 0; i <= 17; i++, p *= 10) {
            for (long d = -2; d <= 2; d++) {
                assertSame((double) (p + d));
                assertSame((double) (p * 7 + d));
            }
        }
        final SplittableRandom random = new SplittableRandom(12);
        for (int n = 0; n < 200_000; n++) {
            assertSame((double) random.nextLong(1L << 53));
            assertSame((double) random.nextLong(10_000_000L));
        }
    }

    @Test
    void writesWhatJacksonWritesForDecimalsWithSixteenAndSeventeenSignificantDigits() {
        final SplittableRandom random = new SplittableRandom(13);
        for (int n = 0; n < 200_000; n++) {
            final int digits = 15 + random.nextInt(3);
            final long unscaled = random.nextLong(BigInteger.TEN.pow(digits - 1).longValueExact(),
                    BigInteger.TEN.pow(digits).longValueExact());
            final int scale = random.nextInt(-300, 345);
            assertSame(new BigDecimal(BigInteger.valueOf(unscaled), scale).doubleValue());
        }
    }

    @Test
    void writesWhatJacksonWritesForProbabilitiesLogitsAndContributions() {
        for (double x = -50; x <= 50; x += 0.0009765625) {
            assertSame(x);
            assertSame(1 / (1 + Math.exp(-x)));
            assertSame(Math.log1p(Math.abs(x)) * -0.37);
        }
        final SplittableRandom random = new SplittableRandom(14);
        for (int n = 0; n < 300_000; n++) {
            final double logit = random.nextDouble(-50, 50);
            assertSame(logit);
            assertSame(1 / (1 + Math.exp(-logit)));
            assertSame(random.nextDouble(-3, 3) * Math.log1p(random.nextDouble(100)));
        }
    }

    @Test
    void writesWhatJacksonWritesForMillionsOfRandomDoubles() {
        final SplittableRandom random = new SplittableRandom(15);
        for (int n = 0; n < 5_000_000; n++) {
            final double v = Double.longBitsToDouble(random.nextLong());
            assertSame(v);
        }
        for (int n = 0; n < 3_000_000; n++) {
            assertSame(random.nextDouble());
        }
    }

    @Test
    void writesOnlyItsOwnBytesAtTheGivenPositionWithinMaxLength() {
        final double[] values = {-2.2250738585072014E-308, -Double.MIN_VALUE, -1.2345678901234567E-100,
            -0.0012345678901234567, -1234567.8901234567, Double.NaN, Double.NEGATIVE_INFINITY, 0.0};
        for (final double v : values) {
            final byte[] out = new byte[3 + ShortestDouble.MAX_LENGTH + 3];
            Arrays.fill(out, (byte) '#');
            final int end = ShortestDouble.write(v, out, 3);
            final String expected = NumberOutput.toString(v, true);
            assertEquals(3 + expected.length(), end, expected);
            assertTrue(expected.length() <= ShortestDouble.MAX_LENGTH, expected);
            assertEquals("###" + expected + "#".repeat(out.length - end),
                    new String(out, StandardCharsets.US_ASCII), expected);
        }
    }

    @Test
    void decimalScaleHelpersAreExactOverTheWholeExponentRange() {
        final BigInteger three = BigInteger.valueOf(3);
        for (int q = -1100; q <= 1100; q++) {
            // 2^q and 3/4·2^q as fractions n/d.
            final BigInteger n = q >= 0 ? BigInteger.ONE.shiftLeft(q) : BigInteger.ONE;
            final BigInteger d = q >= 0 ? BigInteger.ONE : BigInteger.ONE.shiftLeft(-q);
            assertFloorLog10(ShortestDouble.floorLog10Pow2(q), n, d, q);
            assertFloorLog10(ShortestDouble.floorLog10ThreeQuartersPow2(q), n.multiply(three), d.shiftLeft(2), q);
        }
    }

    /** 10^k ≤ n/d < 10^(k+1). */
    private static void assertFloorLog10(final int k, final BigInteger n, final BigInteger d, final int q) {
        assertTrue(comparePow10(k, n, d) <= 0 && comparePow10(k + 1, n, d) > 0, () -> "k = " + k + " for q = " + q);
    }

    /** The sign of 10^k - n/d. */
    private static int comparePow10(final int k, final BigInteger n, final BigInteger d) {
        return k >= 0 ? BigInteger.TEN.pow(k).multiply(d).compareTo(n)
                : d.compareTo(n.multiply(BigInteger.TEN.pow(-k)));
    }

    private void aroundBothSigns(final double v, final int steps) {
        double up = v;
        double down = v;
        for (int i = 0; i <= steps; i++) {
            assertSame(up);
            assertSame(-up);
            assertSame(down);
            assertSame(-down);
            up = Math.nextUp(up);
            down = Math.nextDown(down);
        }
    }

    private void assertSame(final double v) {
        final String expected = NumberOutput.toString(v, true);
        final int end = ShortestDouble.write(v, buf, 1);
        boolean same = end - 1 == expected.length();
        for (int i = 0; same && i < expected.length(); i++) {
            same = buf[1 + i] == expected.charAt(i);
        }
        if (!same) {
            fail("bits 0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + ": Jackson " + expected + ", ours "
                    + new String(buf, 1, Math.max(0, end - 1), StandardCharsets.US_ASCII));
        }
    }
}
