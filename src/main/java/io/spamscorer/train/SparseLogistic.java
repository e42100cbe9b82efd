package io.spamscorer.train;

import io.spamscorer.features.SparseVector;
import io.spamscorer.model.Log1p;
import io.spamscorer.model.Neuron;
import java.util.List;

/**
 * L2-regularised, class-weighted logistic regression on sparse rows, minimised by L-BFGS:
 * <pre>
 *   f(w, b) = Σᵢ cᵢ·(softplus(zᵢ) − yᵢ·zᵢ) / Σᵢ cᵢ + (l2 / 2)·|w|²,   zᵢ = w·xᵢ + b,   cᵢ = spamWeight for spam, 1 for ham
 * </pre>
 * The objective is strictly convex, so the result depends only on the data and settings (no seed, no
 * initialisation); the arithmetic runs in a fixed order on one thread, so the same input gives the same bits.
 * Each iteration costs O(non-zeros).
 */
public final class SparseLogistic {

    /** Trained weights and bias, plus the iterations used. */
    public record Fit(double[] weights, double bias, int iterations) {
    }

    private static final int MEMORY = 10;
    private static final double C1 = 1e-4;

    private SparseLogistic() {
    }

    /**
     * @param rows         training rows, each of dimension {@code d}
     * @param labels       1 = spam, 0 = ham
     * @param l2           penalty on the weights (not the bias), > 0
     * @param spamWeight   weight of a spam row relative to a ham row
     * @param maxIterations L-BFGS iteration cap
     */
    public static Fit fit(final List<SparseVector> rows, final int[] labels, final int d, final double l2,
                          final double spamWeight, final int maxIterations) {
        final Problem p = new Problem(rows, labels, d, l2, spamWeight);
        final int n = d + 1; // the bias is the last coordinate
        double[] x = new double[n];
        double[] g = new double[n];
        double f = p.evaluate(x, g);
        final double[][] s = new double[MEMORY][];
        final double[][] y = new double[MEMORY][];
        final double[] rho = new double[MEMORY];
        final double[] alpha = new double[MEMORY];
        int stored = 0;
        int iter = 0;
        final double gnorm0 = Math.max(norm(g), 1e-12);
        while (iter < maxIterations && norm(g) > 1e-7 * gnorm0) {
            iter++;
            // Two-loop recursion: direction = -H·g.
            final double[] q = g.clone();
            for (int k = stored - 1; k >= 0; k--) {
                alpha[k] = rho[k] * dot(s[k], q);
                axpy(-alpha[k], y[k], q);
            }
            final double gamma = stored == 0 ? 1.0 / Math.max(norm(g), 1e-12) : dot(s[stored - 1], y[stored - 1]) / dot(y[stored - 1], y[stored - 1]);
            for (int i = 0; i < n; i++) {
                q[i] *= gamma;
            }
            for (int k = 0; k < stored; k++) {
                final double beta = rho[k] * dot(y[k], q);
                axpy(alpha[k] - beta, s[k], q);
            }
            for (int i = 0; i < n; i++) {
                q[i] = -q[i];
            }
            double slope = dot(g, q);
            if (!(slope < 0)) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) {
                    q[i] = -g[i] / Math.max(norm(g), 1e-12);
                }
                slope = dot(g, q);
            }
            double step = 1.0;
            final double[] xNew = new double[n];
            final double[] gNew = new double[n];
            double fNew;
            int backtracks = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * q[i];
                }
                fNew = p.evaluate(xNew, gNew);
                if (fNew <= f + C1 * step * slope || backtracks++ > 40) {
                    break;
                }
                step *= 0.5;
            }
            if (!(fNew < f)) {
                break; // no further decrease possible at double precision
            }
            final double[] sk = new double[n];
            final double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            final double sy = dot(sk, yk);
            if (sy > 1e-12) {
                if (stored == MEMORY) {
                    System.arraycopy(s, 1, s, 0, MEMORY - 1);
                    System.arraycopy(y, 1, y, 0, MEMORY - 1);
                    System.arraycopy(rho, 1, rho, 0, MEMORY - 1);
                    stored--;
                }
                s[stored] = sk;
                y[stored] = yk;
                rho[stored] = 1.0 / sy;
                stored++;
            }
            final double rel = Math.abs(f - fNew) / Math.max(1.0, Math.abs(f));
            x = xNew;
            g = gNew;
            f = fNew;
            if (rel < 1e-12) {
                break;
            }
        }
        final double[] w = new double[d];
        System.arraycopy(x, 0, w, 0, d);
        return new Fit(w, x[d], iter);
    }

    private static final class Problem {
        private final List<SparseVector> rows;
        private final int[] labels;
        private final int d;
        private final double l2;
        private final double[] c;
        private final double cSum;

        Problem(final List<SparseVector> rows, final int[] labels, final int d, final double l2, final double spamWeight) {
            this.rows = rows;
            this.labels = labels;
            this.d = d;
            this.l2 = l2;
            this.c = new double[rows.size()];
            double sum = 0;
            for (int i = 0; i < c.length; i++) {
                c[i] = labels[i] == 1 ? spamWeight : 1.0;
                sum += c[i];
            }
            this.cSum = sum;
        }

        /** f at x (weights then bias), writing the gradient into g. */
        double evaluate(final double[] x, final double[] g) {
            java.util.Arrays.fill(g, 0.0);
            double loss = 0.0;
            final double b = x[d];
            for (int i = 0; i < rows.size(); i++) {
                final SparseVector r = rows.get(i);
                double z = b;
                for (int k = 0; k < r.size(); k++) {
                    z += x[r.index(k)] * r.value(k);
                }
                loss += c[i] * (softplus(z) - labels[i] * z);
                final double err = c[i] * (Neuron.sigmoid(z) - labels[i]) / cSum;
                for (int k = 0; k < r.size(); k++) {
                    g[r.index(k)] += err * r.value(k);
                }
                g[d] += err;
            }
            double reg = 0.0;
            for (int j = 0; j < d; j++) {
                reg += x[j] * x[j];
                g[j] += l2 * x[j];
            }
            return loss / cSum + 0.5 * l2 * reg;
        }
    }

    static double softplus(final double z) {
        return Math.max(z, 0.0) + Log1p.log1p(Math.exp(-Math.abs(z)));
    }

    private static double dot(final double[] a, final double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(final double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(final double a, final double[] x, final double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}
