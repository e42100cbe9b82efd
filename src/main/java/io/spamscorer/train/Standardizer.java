package io.spamscorer.train;

import io.spamscorer.model.Preprocessing;
import io.spamscorer.model.Transform;

/**
 * Fits the model file's {@code preprocessing} block (transform, then z-score with mean and population std) on
 * the training rows only, so held-out rows never leak into the scaling.
 */
public final class Standardizer {

    private Standardizer() {
    }

    /**
     * Fits mean and std of T(x) per column over {@code rows} of {@code data}. A constant column gets its value as
     * mean and std 1, so it maps to 0 instead of dividing by zero.
     */
    public static Preprocessing fit(final Dataset data, final int[] rows, final Transform transform) {
        final double[][] x = data.matrix();
        final int d = data.features().size();
        final double[] mean = new double[d];
        final double[] std = new double[d];
        for (int c = 0; c < d; c++) {
            double sum = 0.0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (final int r : rows) {
                final double v = transform.apply(x[r][c]);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min == max) {
                // Checked exactly rather than via std == 0: sum / n of a constant 0.1 column is not exactly 0.1,
                // which would leave a std of ~1e-17 and blow the column up instead of zeroing it.
                mean[c] = min;
                std[c] = 1.0;
                continue;
            }
            mean[c] = sum / rows.length;
            double squares = 0.0;
            for (final int r : rows) {
                final double dev = transform.apply(x[r][c]) - mean[c];
                squares += dev * dev;
            }
            std[c] = Math.sqrt(squares / rows.length);
            if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c]) || std[c] == 0.0) {
                throw new DatasetException(data.source() + ", column " + data.features().get(c)
                        + ": values are too large (or too close together) to standardize; mean " + mean[c] + ", std " + std[c]);
            }
        }
        return new Preprocessing(transform, mean, std);
    }
}
