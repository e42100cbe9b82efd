package io.spamscorer.model;

/** The math of one logistic neuron, kept in one place so the topology, `score` and the trainer agree. */
public final class Neuron {

    private Neuron() {
    }

    /**
     * Numerically stable logistic function: never evaluates exp of a large positive number,
     * so every finite z gives a finite result in [0, 1] (0 and 1 exactly at the extremes).
     */
    public static double sigmoid(final double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        final double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** w·x + b. */
    public static double logit(final double[] w, final double[] x, final double b) {
        double sum = b;
        for (int i = 0; i < w.length; i++) {
            sum += w[i] * x[i];
        }
        return sum;
    }
}
