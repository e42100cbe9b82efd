package io.spamscorer.features;

import java.util.Arrays;

/**
 * A feature vector that stores only its non-zero entries: {@code indices} strictly increasing, each in
 * [0, dimension), with the matching finite {@code values}. Arrays are copied in and out.
 */
public final class SparseVector {

    private final int dimension;
    private final int[] indices;
    private final double[] values;

    public SparseVector(final int dimension, final int[] indices, final double[] values) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        if (indices.length != values.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + values.length + " values");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= dimension || (i > 0 && indices[i] <= indices[i - 1])) {
                throw new IllegalArgumentException("indices[" + i + "] = " + indices[i]
                        + " is out of order or outside [0, " + dimension + ")");
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] is " + values[i]);
            }
        }
        this.dimension = dimension;
        this.indices = indices.clone();
        this.values = values.clone();
    }

    /** The non-zero entries of a dense vector. */
    public static SparseVector of(final double[] dense) {
        int nnz = 0;
        for (final double v : dense) {
            nnz += v != 0.0 ? 1 : 0;
        }
        final int[] idx = new int[nnz];
        final double[] val = new double[nnz];
        int j = 0;
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != 0.0) {
                idx[j] = i;
                val[j++] = dense[i];
            }
        }
        return new SparseVector(dense.length, idx, val);
    }

    public int dimension() {
        return dimension;
    }

    /** Number of stored (non-zero) entries. */
    public int size() {
        return indices.length;
    }

    public int index(final int k) {
        return indices[k];
    }

    public double value(final int k) {
        return values[k];
    }

    public int[] indices() {
        return indices.clone();
    }

    public double[] values() {
        return values.clone();
    }

    /** The vector with every absent entry as 0, in feature order: what {@code Model.score(double[], int)} takes. */
    public double[] toDense() {
        final double[] dense = new double[dimension];
        for (int k = 0; k < indices.length; k++) {
            dense[indices[k]] = values[k];
        }
        return dense;
    }

    /** bias + Σ w[i]·x[i] over the stored entries: O(non-zeros), and equal to the dense dot product. */
    public double dot(final double[] weights, final double bias) {
        if (weights.length != dimension) {
            throw new IllegalArgumentException(weights.length + " weights but dimension " + dimension);
        }
        double sum = bias;
        for (int k = 0; k < indices.length; k++) {
            sum += weights[indices[k]] * values[k];
        }
        return sum;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof SparseVector v && dimension == v.dimension && Arrays.equals(indices, v.indices)
                && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dimension + Arrays.hashCode(indices)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SparseVector(" + dimension + ", " + indices.length + " non-zero)";
    }
}
