package io.spamscorer.model;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What each feature adds to the logit when its raw value is +0.0, computed once per model. Spambase vectors are
 * mostly zeros, so {@link Model#score} adds these precomputed terms (bit for bit what it would compute) and ranks
 * them in advance, instead of transforming and ranking every zero of every record.
 */
final class ZeroFeatures {

    /** w[i]·x'(0) per feature, computed exactly as {@link Model#score} would, or NaN where that is not finite. */
    private final double[] contribution;
    /** True when every absent (+0.0) feature adds exactly ±0 to the logit, so the sparse path may skip it. */
    private final boolean neutral;
    /**
     * The features whose zero contribution is finite and not zero, in topFeatures order (|w·x'(0)| descending, lower
     * index first): the candidates a record's zero features offer.
     */
    private final int[] ranking;

    ZeroFeatures(final double[] weights, final Preprocessing preprocessing) {
        contribution = new double[weights.length];
        boolean allZero = true;
        for (int i = 0; i < contribution.length; i++) {
            contribution[i] = contribution(weights, preprocessing, i);
            allZero &= contribution[i] == 0.0; // false for NaN too
        }
        neutral = allZero;
        ranking = IntStream.range(0, contribution.length)
                .filter(i -> Double.isFinite(contribution[i]) && contribution[i] != 0.0)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -Math.abs(contribution[i])).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static double contribution(final double[] weights, final Preprocessing preprocessing, final int i) {
        if (preprocessing == null) {
            return weights[i] * 0.0;
        }
        if (i >= preprocessing.size()) {
            return Double.NaN;
        }
        final double v = preprocessing.apply(i, 0.0);
        return Double.isFinite(v) ? weights[i] * v : Double.NaN;
    }

    /** Feature {@code i}'s contribution at +0.0, or NaN when it must be computed (and fail) as any other value. */
    double at(final int i) {
        return contribution[i];
    }

    boolean neutral() {
        return neutral;
    }

    /**
     * Adds the record's zero features to the top list of its other features, walking the ranking (already in
     * topFeatures order) until one no longer enters: the list is then what one ranking of every feature gives.
     *
     * @return how many entries the list now holds
     */
    int merge(final double[] x, final int[] idx, final double[] val, final int filled) {
        final int k = idx.length;
        int n = filled;
        for (final int i : ranking) {
            if (Double.doubleToRawLongBits(x[i]) != 0L) {
                continue;
            }
            final double c = contribution[i];
            if (n == k && !TopList.ranksBefore(c, i, val[k - 1], idx[k - 1])) {
                break; // the rest of the ranking is smaller still
            }
            int pos = n == k ? k - 1 : n;
            while (pos > 0 && TopList.ranksBefore(c, i, val[pos - 1], idx[pos - 1])) {
                idx[pos] = idx[pos - 1];
                val[pos] = val[pos - 1];
                pos--;
            }
            idx[pos] = i;
            val[pos] = c;
            n = n == k ? k : n + 1;
        }
        return n;
    }
}
