package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NeuronTest {

    @Test
    void shouldGiveExactlyOneHalfAtZero() {
        assertEquals(0.5, Neuron.sigmoid(0.0), 0.0);
        assertEquals(0.5, Neuron.sigmoid(-0.0), 0.0);
    }

    @Test
    void shouldSaturateWithoutNaNAtPlusMinusOneMillion() {
        assertEquals(1.0, Neuron.sigmoid(1e6), 0.0);
        assertEquals(0.0, Neuron.sigmoid(-1e6), 0.0);
        assertEquals(1.0, Neuron.sigmoid(Double.MAX_VALUE), 0.0);
        assertEquals(0.0, Neuron.sigmoid(-Double.MAX_VALUE), 0.0);
    }

    @Test
    void shouldStayFiniteAroundExpOverflowAt710() {
        final double hi = Neuron.sigmoid(710);
        final double lo = Neuron.sigmoid(-710);
        assertEquals(1.0, hi, 0.0);
        assertTrue(Double.isFinite(lo));
        assertTrue(lo > 0.0 && lo < 1e-300, "sigmoid(-710) = " + lo);
        assertEquals(Math.exp(-710), lo, Math.ulp(Math.exp(-710)));
    }

    @Test
    void shouldStayFiniteAroundExpUnderflowAt745() {
        assertEquals(1.0, Neuron.sigmoid(745), 0.0);
        final double lo = Neuron.sigmoid(-745);
        assertTrue(lo >= 0.0 && lo <= Double.MIN_VALUE, "sigmoid(-745) = " + lo);
        assertEquals(0.0, Neuron.sigmoid(-746), 0.0);
        assertEquals(1.0, Neuron.sigmoid(746), 0.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e308, -1e6, -745.2, -745, -744, -710, -709, -40, -1, -1e-300, 1e-300, 1, 40, 709, 710, 744, 745, 1e6, 1e308})
    void shouldReturnFiniteProbabilityForEveryFiniteLogit(final double z) {
        final double p = Neuron.sigmoid(z);
        assertTrue(Double.isFinite(p) && p >= 0.0 && p <= 1.0, "sigmoid(" + z + ") = " + p);
    }

    @Test
    void shouldBeSymmetric() {
        for (double z = -40.0; z <= 40.0; z += 0.0625) {
            final double lhs = Neuron.sigmoid(-z);
            final double rhs = 1.0 - Neuron.sigmoid(z);
            assertEquals(rhs, lhs, 1e-15, "z = " + z);
        }
        for (final double z : new double[] {1e-12, 0.1, 0.3, 2.5, 17.0, 36.7, 100.0, 745.0}) {
            assertEquals(1.0 - Neuron.sigmoid(z), Neuron.sigmoid(-z), 1e-15, "z = " + z);
        }
    }

    @Test
    void shouldBeMonotone() {
        double previous = Neuron.sigmoid(-800.0);
        for (double z = -800.0; z <= 800.0; z += 0.01) {
            final double p = Neuron.sigmoid(z);
            assertTrue(p >= previous, "sigmoid decreased at z = " + z);
            previous = p;
        }
        assertTrue(Neuron.sigmoid(-1e-9) < 0.5);
        assertTrue(Neuron.sigmoid(1e-9) > 0.5);
        assertTrue(Neuron.sigmoid(Math.nextDown(0.0)) <= 0.5);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-30, -5.5, -1, -0.25, 0.125, 1, 3, 12.75, 30})
    void shouldMatchHighPrecisionLogistic(final double z) {
        final MathContext mc = MathContext.DECIMAL128;
        final BigDecimal e = BigDecimal.valueOf(Math.exp(-Math.abs(z)));
        final BigDecimal big = Math.abs(z) == z
                ? BigDecimal.ONE.divide(BigDecimal.ONE.add(e), mc)
                : e.divide(BigDecimal.ONE.add(e), mc);
        final double expected = big.doubleValue();
        assertEquals(expected, Neuron.sigmoid(z), 2 * Math.ulp(expected), "z = " + z);
    }

    @Test
    void shouldComputeLogitAsDotProductPlusBias() {
        assertEquals(2.0 * 1.0 - 1.0 * 0.5 + 0.5 * 2.0 - 0.5,
                Neuron.logit(new double[] {2.0, -1.0, 0.5}, new double[] {1.0, 0.5, 2.0}, -0.5), 0.0);
        assertEquals(3.25, Neuron.logit(new double[0], new double[0], 3.25), 0.0);
        assertEquals(-7.0, Neuron.logit(new double[] {0.0}, new double[] {123.0}, -7.0), 0.0);
    }

    @Test
    void shouldScoreThroughModelWithSameMath() {
        final Model m = Model.builder().name("n").version("1").features(List.of("x", "y"))
                .weights(new double[] {0.5, -2.0}).bias(0.1).threshold(0.5).build();
        final Score s = m.score(new double[] {3.0, 0.25}, 1);
        final double logit = 0.5 * 3.0 - 2.0 * 0.25 + 0.1;
        assertEquals(logit, s.logit(), 1e-15);
        assertEquals(Neuron.sigmoid(logit), s.spamProbability(), 0.0);
        assertEquals("spam", s.label());
        assertEquals(1, s.topFeatures().size());
        assertEquals(new Contribution("x", 1.5), s.topFeatures().get(0));
    }

    @Test
    void shouldKeepLowerIndexFirstOnTiedContributions() {
        final Model m = Model.builder().name("n").version("1").features(List.of("x", "y", "z"))
                .weights(new double[] {1.0, -1.0, 1.0}).bias(0).threshold(0.5).build();
        final Score s = m.score(new double[] {2.0, 2.0, 2.0}, 2);
        assertEquals(new Contribution("x", 2.0), s.topFeatures().get(0));
        assertEquals(new Contribution("y", -2.0), s.topFeatures().get(1));
    }
}
