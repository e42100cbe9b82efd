package io.spamscorer.train;

import io.spamscorer.model.Log1p;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelBuilder;
import io.spamscorer.model.Neuron;
import io.spamscorer.model.Preprocessing;
import java.util.SplittableRandom;

/**
 * Trains the single logistic neuron by deterministic full-batch gradient descent on the mean log-loss plus an
 * optional L2 penalty, and returns it as a {@link Model} (the model file's weights, bias and preprocessing).
 */
public final class Trainer {

    /** Receives the loss at selected epochs; the CLI prints it to stderr. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (epoch, loss) -> { };

        void epoch(int epoch, double loss);
    }

    /** Progress is reported at epoch 1, every this many epochs, and at the last epoch. */
    public static final int REPORT_EVERY = 100;

    private Trainer() {
    }

    /**
     * Fits preprocessing and weights on {@code rows} of {@code data} and completes {@code identity} (which must
     * already carry name, version, threshold and any training block) with features, weights, bias and preprocessing.
     */
    public static Model train(final Dataset data, final int[] rows, final HyperParameters hp, final Progress progress,
                              final ModelBuilder identity) {
        data.requireDomain(hp.transform());
        final Preprocessing pre = Standardizer.fit(data, rows, hp.transform());
        final double[][] z = standardize(data, rows, pre);
        final double[] target = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            target[i] = data.labels()[rows[i]];
        }
        final double[] w = initialWeights(z[0].length, hp.seed());
        final double b = descend(z, target, w, hp, progress);
        return identity.features(data.features())
                .weights(w)
                .bias(b)
                .preprocessing(pre.transform(), pre.mean(), pre.std())
                .build();
    }

    /** Uniform in [-1, 1) from the seed, as the issue specifies; the bias starts at 0. */
    static double[] initialWeights(final int d, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = random.nextDouble(-1.0, 1.0);
        }
        return w;
    }

    private static double[][] standardize(final Dataset data, final int[] rows, final Preprocessing pre) {
        final double[][] x = data.matrix();
        final double[][] z = new double[rows.length][pre.size()];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < pre.size(); c++) {
                // Same Preprocessing.apply that Model.score uses, so training and serving see identical inputs.
                z[i][c] = pre.apply(c, x[rows[i]][c]);
            }
        }
        return z;
    }

    /** Runs the epochs, updating {@code w} in place; returns the bias. */
    private static double descend(final double[][] z, final double[] y, final double[] w, final HyperParameters hp,
                                  final Progress progress) {
        final int n = z.length;
        final int d = w.length;
        final double[] grad = new double[d];
        double b = 0.0;
        for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
            java.util.Arrays.fill(grad, 0.0);
            double gradB = 0.0;
            double loss = 0.0;
            for (int i = 0; i < n; i++) {
                final double logit = Neuron.logit(w, z[i], b);
                final double err = Neuron.sigmoid(logit) - y[i];
                loss += softplus(logit) - y[i] * logit;
                gradB += err;
                final double[] zi = z[i];
                for (int c = 0; c < d; c++) {
                    grad[c] += err * zi[c];
                }
            }
            loss = loss / n + 0.5 * hp.l2() * squaredNorm(w);
            if (!Double.isFinite(loss)) {
                throw new TrainingException("training diverged at epoch " + epoch + " (loss " + loss
                        + "); lower the learning rate (now " + hp.learningRate() + ")");
            }
            if (epoch == 1 || epoch % REPORT_EVERY == 0 || epoch == hp.epochs()) {
                progress.epoch(epoch, loss);
            }
            for (int c = 0; c < d; c++) {
                w[c] -= hp.learningRate() * (grad[c] / n + hp.l2() * w[c]);
            }
            b -= hp.learningRate() * gradB / n;
        }
        return b;
    }

    /** log(1 + e^z) without overflow: the log-loss of a logit z is softplus(z) - y·z. */
    static double softplus(final double z) {
        // Log1p matches Math.log1p bit for bit (no JNI call), so the loss is unchanged and uses the scorer's log1p.
        return Math.max(z, 0.0) + Log1p.log1p(Math.exp(-Math.abs(z)));
    }

    private static double squaredNorm(final double[] w) {
        double s = 0.0;
        for (final double v : w) {
            s += v * v;
        }
        return s;
    }
}
