package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.features.SparseVector;
import io.spamscorer.model.Neuron;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseLogisticTest {

    private static final int D = 30;

    private record Data(List<SparseVector> x, int[] y) {
    }

    /** 200 rows of 0/1 features; the label depends noisily on the first 5 features. */
    private static Data data() {
        final SplittableRandom r = new SplittableRandom(3);
        final List<SparseVector> x = new ArrayList<>();
        final int[] y = new int[200];
        for (int i = 0; i < y.length; i++) {
            final double[] dense = new double[D];
            for (int j = 0; j < D; j++) {
                dense[j] = r.nextInt(4) == 0 ? 1 : 0;
            }
            final double z = 2 * dense[0] + dense[1] - dense[2] - 2 * dense[3] + 0.5 * dense[4] - 0.3;
            y[i] = r.nextDouble() < Neuron.sigmoid(z) ? 1 : 0;
            x.add(SparseVector.of(dense));
        }
        return new Data(x, y);
    }

    @Test
    void shouldReachAPointWhereTheGradientVanishes() {
        final Data d = data();
        final double l2 = 1e-2;
        final SparseLogistic.Fit fit = SparseLogistic.fit(d.x(), d.y(), D, l2, 1.0, 500);
        final double[] g = new double[D];
        double gb = 0;
        for (int i = 0; i < d.y().length; i++) {
            final double err = (Neuron.sigmoid(d.x().get(i).dot(fit.weights(), fit.bias())) - d.y()[i]) / d.y().length;
            for (int k = 0; k < d.x().get(i).size(); k++) {
                g[d.x().get(i).index(k)] += err * d.x().get(i).value(k);
            }
            gb += err;
        }
        for (int j = 0; j < D; j++) {
            assertEquals(0.0, g[j] + l2 * fit.weights()[j], 1e-6, "gradient of weight " + j);
        }
        assertEquals(0.0, gb, 1e-6, "gradient of the bias");
        assertTrue(fit.weights()[0] > 0.5 && fit.weights()[3] < -0.5, "learns the signs of the planted weights");
    }

    @Test
    void shouldGiveIdenticalBitsOnIdenticalInput() {
        final Data d = data();
        final SparseLogistic.Fit a = SparseLogistic.fit(d.x(), d.y(), D, 1e-3, 2.0, 300);
        final SparseLogistic.Fit b = SparseLogistic.fit(d.x(), d.y(), D, 1e-3, 2.0, 300);
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.bias(), b.bias());
    }

    @Test
    void shouldWeighASpamRowLikeThatManyCopiesOfIt() {
        final Data d = data();
        final List<SparseVector> x = new ArrayList<>(d.x());
        final List<Integer> y = new ArrayList<>();
        for (final int v : d.y()) {
            y.add(v);
        }
        for (int i = 0; i < d.y().length; i++) {
            if (d.y()[i] == 1) {
                x.add(d.x().get(i));
                y.add(1);
            }
        }
        final SparseLogistic.Fit weighted = SparseLogistic.fit(d.x(), d.y(), D, 1e-2, 2.0, 500);
        final SparseLogistic.Fit copied = SparseLogistic.fit(x, y.stream().mapToInt(Integer::intValue).toArray(), D, 1e-2, 1.0, 500);
        assertArrayEquals(copied.weights(), weighted.weights(), 1e-5);
        assertEquals(copied.bias(), weighted.bias(), 1e-5);
    }
}
