package io.spamscorer.model;

/**
 * log1p for the values feature records are mostly made of, read from tables: short decimals (up to three places,
 * below 16.384: Spambase's word and character frequencies and run-length averages) and whole numbers below 4,096
 * (run lengths). Every other input goes to {@link Log1p#log1p}.
 *
 * <p>Bit for bit the same as {@link Log1p#log1p} (and so {@code StrictMath.log1p}) for every input: a table entry
 * is {@code Log1p.log1p} of one exact double, and it is returned only for an input with exactly that double's bits
 * (so -0.0, which rounds to the +0.0 entry, is computed). A parser turns "0.64" into the double nearest to 0.64,
 * which is the key {@code 640 / 1000.0}, because both are correctly rounded values of the same rational.
 */
final class Log1pCache {

    private static final int DECIMALS = 16_384;
    private static final double SCALE = 1000.0;
    private static final int WHOLE = 4_096;
    /** Pairs (key, log1p(key)) for key = k / 1000, adjacent so that one lookup touches one cache line. */
    private static final double[] DECIMAL = new double[2 * DECIMALS];
    private static final double[] WHOLE_LOG1P = new double[WHOLE];

    static {
        for (int k = 0; k < DECIMALS; k++) {
            final double key = k / SCALE;
            DECIMAL[2 * k] = key;
            DECIMAL[2 * k + 1] = Log1p.log1p(key);
        }
        for (int n = 0; n < WHOLE; n++) {
            WHOLE_LOG1P[n] = Log1p.log1p(n);
        }
    }

    private Log1pCache() {
    }

    static double log1p(final double x) {
        if (x >= 0 && x < WHOLE) { // false for NaN
            final int n = (int) x;
            if (n == x && Double.doubleToRawLongBits(x) != Long.MIN_VALUE) { // a whole number, not -0.0
                return WHOLE_LOG1P[n];
            }
            final int k = (int) (x * SCALE + 0.5);
            if (k < DECIMALS && Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(DECIMAL[2 * k])) {
                return DECIMAL[2 * k + 1];
            }
        }
        return Log1p.log1p(x);
    }
}
