package io.spamscorer.model;

import java.util.Arrays;
import java.util.Objects;

/** x' = (T(x) - mean) / std per feature; immutable, arrays copied in and out. */
public final class Preprocessing {

    private final Transform transform;
    private final double[] mean;
    private final double[] std;

    public Preprocessing(final Transform transform, final double[] mean, final double[] std) {
        this.transform = Objects.requireNonNull(transform, "transform == null");
        this.mean = mean.clone();
        this.std = std.clone();
        if (this.mean.length != this.std.length) {
            throw new IllegalArgumentException("mean has " + this.mean.length + " entries but std has " + this.std.length);
        }
    }

    public Transform transform() {
        return transform;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public double mean(final int i) {
        return mean[i];
    }

    public double std(final int i) {
        return std[i];
    }

    public int size() {
        return mean.length;
    }

    /** Applies the preprocessing to feature {@code i}. */
    public double apply(final int i, final double x) {
        return (transform.apply(x) - mean[i]) / std[i];
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Preprocessing p && transform == p.transform
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transform, Arrays.hashCode(mean), Arrays.hashCode(std));
    }
}
