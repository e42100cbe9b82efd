package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * Log1p must return exactly StrictMath.log1p's bits (sign of zero and NaN payloads included): a model's scores
 * must not move when scoring switches from the JNI fdlibm to the Java transcription.
 */
class Log1pTest {

    private static final long SEED = 42L;

    /** Fails on the first input whose result differs from StrictMath.log1p, naming the input's bits. */
    private static void assertSameBitsAsStrictMath(final String what, final double... xs) {
        for (final double x : xs) {
            final long expected = Double.doubleToRawLongBits(StrictMath.log1p(x));
            final long actual = Double.doubleToRawLongBits(Log1p.log1p(x));
            if (expected != actual) {
                fail(String.format("%s: log1p(%s) [x bits 0x%016X] = %s [0x%016X], StrictMath gives %s [0x%016X]",
                        what, x, Double.doubleToRawLongBits(x), Log1p.log1p(x), actual,
                        StrictMath.log1p(x), expected));
            }
        }
    }

    /** x and its two neighbours on each side, for both signs. */
    private static double[] around(final double... xs) {
        return Arrays.stream(xs)
                .flatMap(x -> DoubleStream.of(x, -x))
                .flatMap(x -> DoubleStream.of(Math.nextDown(Math.nextDown(x)), Math.nextDown(x), x, Math.nextUp(x),
                        Math.nextUp(Math.nextUp(x))))
                .toArray();
    }

    /** The double whose high word is hi and low word lo. */
    private static double bits(final int hi, final int lo) {
        return Double.longBitsToDouble(((long) hi << 32) | (lo & 0xffffffffL));
    }

    @Test
    void shouldMatchStrictMathOnSpecialValues() {
        assertSameBitsAsStrictMath("special", 0.0, -0.0, Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, 2.0, 0.5, -0.5, Math.E - 1.0);
        assertSameBitsAsStrictMath("around special", around(Double.MIN_NORMAL, Double.MAX_VALUE, 1.0));
    }

    @Test
    void shouldMatchStrictMathOnNaNPayloads() {
        assertSameBitsAsStrictMath("NaN payloads", bits(0x7ff00000, 1), bits(0x7ff80000, 1),
                bits(0xfff00000, 1), bits(0xfff80000, 0x1234), bits(0x7fffffff, 0xffffffff),
                bits(0xffffffff, 0xffffffff), bits(0x7ff00001, 0));
    }

    @Test
    void shouldMatchStrictMathAtAndAroundMinusOne() {
        assertSameBitsAsStrictMath("-1", -1.0, Math.nextUp(-1.0), Math.nextDown(-1.0),
                Math.nextUp(Math.nextUp(-1.0)), -1.0 + 0x1p-30, -1.0 + 1e-10, -0.999, -1.001, -2.0, -1e300);
    }

    @Test
    void shouldMatchStrictMathAroundTheTinyArgumentThresholds() {
        // 2^-54: below it log1p(x) = x; 2^-29: below it x - x²/2.
        assertSameBitsAsStrictMath("2^-54 and 2^-29", around(0x1p-54, 0x1p-29, 0x1p-53, 0x1p-30, 0x1p-28));
        assertSameBitsAsStrictMath("high words 0x3c900000 and 0x3e200000", around(bits(0x3c900000, 0),
                bits(0x3e200000, 0), bits(0x3c8fffff, 0xffffffff), bits(0x3e1fffff, 0xffffffff)));
    }

    @Test
    void shouldMatchStrictMathAroundTheUnreducedIntervalBounds() {
        // -0.2929 < x < 0.41422 skips the 2^k reduction; the bounds are the high words 0xbfd2bec3 and 0x3FDA827A.
        assertSameBitsAsStrictMath("0.41422 bound", around(bits(0x3FDA827A, 0), bits(0x3FDA8279, 0xffffffff),
                bits(0x3FDA827B, 0), 0.41422, Math.sqrt(2) - 1));
        assertSameBitsAsStrictMath("-0.2929 bound", around(bits(0xbfd2bec3, 0), bits(0xbfd2bec3, 0xffffffff),
                bits(0xbfd2bec4, 0), bits(0xbfd2bec2, 0xffffffff), -0.2929, Math.sqrt(0.5) - 1));
    }

    @Test
    void shouldMatchStrictMathAroundTwoToThe53() {
        // From 2^53 (high word 0x43400000) on, 1 + x == x and fdlibm drops the correction term.
        assertSameBitsAsStrictMath("2^53", around(0x1p53, bits(0x43400000, 0), bits(0x433fffff, 0xffffffff),
                0x1p52, 0x1p54, 9.007199254740993E15));
    }

    @Test
    void shouldMatchStrictMathAroundTheSqrtTwoMantissaBound() {
        // u = 1 + x is scaled into [sqrt(2)/2, sqrt(2)) by whether its top mantissa bits reach 0x6a09e; fdlibm
        // also takes its short series when the reduced f is within 2^-20 of zero (mantissa 0 or >= 0xffffd).
        final int[] mantissas = {0x6a09d, 0x6a09e, 0x6a09f, 0x00000, 0x00001, 0xffffc, 0xffffd, 0xffffe, 0xfffff};
        final int[] edgeLowWords = {0, 1, 0x80000000, 0xffffffff};
        final SplittableRandom r = new SplittableRandom(SEED);
        final int lowWords = 12;
        final double[] xs = new double[2 * 2046 * mantissas.length * lowWords];
        int n = 0;
        for (int exp = 1; exp < 2047; exp++) {
            for (final int m : mantissas) {
                for (int i = 0; i < lowWords; i++) {
                    // The extreme low words, then random ones so the short series sees |f| all over (0, 2^-20).
                    final int lo = i < edgeLowWords.length ? edgeLowWords[i] : r.nextInt();
                    final double u = bits((exp << 20) | m, lo);
                    xs[n++] = u; // x itself has that mantissa (the x >= 2^53 path and plain values)
                    xs[n++] = u - 1.0; // 1 + x has (about) that mantissa
                }
            }
        }
        assertSameBitsAsStrictMath("mantissa bounds", xs);
        // 2^k - 1 make f exactly zero after reduction.
        assertSameBitsAsStrictMath("2^k - 1", around(DoubleStream.iterate(0x1p-60, p -> p < 0x1p70, p -> p * 2)
                .map(p -> p - 1.0).toArray()));
    }

    @Test
    void shouldMatchStrictMathWhenOnePlusXIsWithinTwoToMinus20OfAPowerOfTwo() {
        // fdlibm's short series for |f| < 2^-20; its cubic term only shows in the last bit when k is small.
        final SplittableRandom r = new SplittableRandom(SEED + 1);
        final int[] mantissas = {0x00000, 0xffffd, 0xffffe, 0xfffff};
        assertSameBitsAsStrictMath("1 + x near 2^k", DoubleStream.generate(() -> {
            final int k = r.nextInt(-1, 8);
            final int m = mantissas[r.nextInt(mantissas.length)];
            return bits(((1023 + k) << 20) | m, r.nextInt()) - 1.0;
        }).limit(200_000).toArray());
    }

    @Test
    void shouldMatchStrictMathOnTwoMillionSeededRandomDoubles() {
        final SplittableRandom r = new SplittableRandom(SEED);
        final int perKind = 400_000;
        assertSameBitsAsStrictMath("random bit patterns",
                DoubleStream.generate(() -> Double.longBitsToDouble(r.nextLong())).limit(perKind).toArray());
        assertSameBitsAsStrictMath("uniform in [-1, 10]", r.doubles(perKind, -1.0, 10.0).toArray());
        assertSameBitsAsStrictMath("uniform in [0, 1000]", r.doubles(perKind, 0.0, 1000.0).toArray());
        assertSameBitsAsStrictMath("log-uniform magnitudes 2^-60..2^60", DoubleStream
                .generate(() -> Math.scalb(r.nextDouble(1.0, 2.0), r.nextInt(-60, 61)) * (r.nextBoolean() ? 1 : -1))
                .limit(perKind).toArray());
        // Spambase features are percentages and counts with two or three decimals.
        assertSameBitsAsStrictMath("k/100", DoubleStream.iterate(0, k -> k + 1).limit(200_000)
                .map(k -> k / 100.0).toArray());
        assertSameBitsAsStrictMath("k/1000", DoubleStream.iterate(0, k -> k + 1).limit(200_000)
                .map(k -> k / 1000.0).toArray());
    }

    @Test
    void shouldMatchStrictMathOnEveryDistinctValueInSpambase() throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("data/spambase.csv"), StandardCharsets.UTF_8);
        final TreeSet<Double> distinct = new TreeSet<>();
        for (final String line : lines.subList(1, lines.size())) { // skip the header
            if (!line.isBlank()) {
                for (final String cell : line.split(",")) {
                    distinct.add(Double.parseDouble(cell.trim()));
                }
            }
        }
        assertTrue(distinct.size() > 1000, "expected thousands of distinct values, read " + distinct.size());
        assertSameBitsAsStrictMath("spambase.csv", distinct.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
