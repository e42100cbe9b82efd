package io.spamscorer.ops;

/**
 * The population stability index of two histograms over the same bins:
 * {@code PSI = Σ (a_i − e_i) · ln(a_i / e_i)}, where {@code e_i} and {@code a_i} are the expected (training) and
 * actual (live) shares of bin i. An empty bin has share 0, which would make its term infinite, so a share below
 * {@link #EPSILON} counts as {@link #EPSILON} (the shares are not renormalised; the error is at most a few EPSILON).
 * Rule of thumb: below 0.1 no significant shift, 0.1 to 0.25 a moderate one (look), above 0.25 a significant one
 * (investigate, consider retraining).
 */
final class Psi {

    /** The share an empty bin counts with: 1e-4, i.e. one in ten thousand. */
    static final double EPSILON = 1e-4;
    static final double MODERATE = 0.1;
    static final double SIGNIFICANT = 0.25;

    private Psi() {
    }

    /** PSI of {@code actual} against {@code expected}; NaN when either is empty or their bin counts differ. */
    static double of(final long[] expected, final long[] actual) {
        if (expected.length != actual.length) {
            return Double.NaN;
        }
        final double e = total(expected);
        final double a = total(actual);
        if (e == 0 || a == 0) {
            return Double.NaN;
        }
        double psi = 0.0;
        for (int i = 0; i < expected.length; i++) {
            final double ei = Math.max(expected[i] / e, EPSILON);
            final double ai = Math.max(actual[i] / a, EPSILON);
            psi += (ai - ei) * Math.log(ai / ei);
        }
        return psi;
    }

    /** "none" below 0.1, "moderate" from 0.1 to 0.25, "significant" above 0.25; null for NaN. */
    static String level(final double psi) {
        if (Double.isNaN(psi)) {
            return null;
        }
        return psi < MODERATE ? "none" : psi <= SIGNIFICANT ? "moderate" : "significant";
    }

    private static long total(final long[] counts) {
        long n = 0;
        for (final long c : counts) {
            n += c;
        }
        return n;
    }
}
