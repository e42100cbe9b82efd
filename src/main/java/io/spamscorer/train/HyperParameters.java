package io.spamscorer.train;

import io.spamscorer.model.Transform;
import java.util.Objects;

/**
 * Settings of one gradient-descent run; stored in the model file's {@code training.hyperParameters}.
 *
 * @param transform    applied to raw features before z-scoring
 * @param epochs       full-batch gradient steps
 * @param learningRate step size on the mean log-loss
 * @param l2           weight of the (l2 / 2)·|w|² penalty; the bias is not penalised
 * @param seed         seeds the initial weights (uniform in [-1, 1]) and the fold shuffle
 */
public record HyperParameters(Transform transform, int epochs, double learningRate, double l2, long seed) {

    // Defaults measured on data/spambase.csv (10-fold CV, seed 42, log1p): accuracy 0.9376, AUC 0.9803, the whole
    // CV plus final fit in a few seconds. z-scored inputs keep the log-loss curvature small, so a step of 4 descends
    // monotonically; 300 epochs sit within 0.001 accuracy of 1000+. The tiny L2 only keeps weights bounded when a
    // fold happens to be (nearly) separable.
    public static final int DEFAULT_EPOCHS = 300;
    public static final double DEFAULT_LEARNING_RATE = 4.0;
    public static final double DEFAULT_L2 = 1e-4;
    public static final long DEFAULT_SEED = 42L;

    public HyperParameters {
        Objects.requireNonNull(transform, "transform == null");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0.0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
        if (!(l2 >= 0.0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
        }
    }

    /** The defaults the shipped model was trained with. */
    public static HyperParameters defaults() {
        return new HyperParameters(Transform.LOG1P, DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_L2, DEFAULT_SEED);
    }
}
