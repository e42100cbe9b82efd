package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PsiTest {

    @Test
    void shouldMatchAHandComputation() {
        // Expected shares 0.5 / 0.3 / 0.2, actual 0.4 / 0.4 / 0.2:
        // (0.4-0.5)ln(0.4/0.5) + (0.4-0.3)ln(0.4/0.3) + 0 = 0.1*0.22314355 + 0.1*0.28768207 = 0.05108256
        assertEquals(0.0510825624, Psi.of(new long[] {50, 30, 20}, new long[] {4, 4, 2}), 1e-9);
    }

    @Test
    void shouldBeZeroForTheSameSharesWhateverTheTotals() {
        assertEquals(0.0, Psi.of(new long[] {10, 20, 30, 40}, new long[] {1, 2, 3, 4}), 1e-12);
    }

    @Test
    void shouldCountAnEmptyBinAsEpsilonSoTheFigureStaysFinite() {
        // Expected 0.5 / 0.5 / 0, actual 0.5 / 0.25 / 0.25: the empty expected bin counts as 1e-4.
        final double hand = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.25 - 1e-4) * Math.log(0.25 / 1e-4);
        assertEquals(hand, Psi.of(new long[] {5, 5, 0}, new long[] {2, 1, 1}), 1e-12);
        assertTrue(Double.isFinite(Psi.of(new long[] {1, 0}, new long[] {0, 1})));
    }

    @Test
    void shouldBeNaNWithoutDataOrWithDifferentBins() {
        assertTrue(Double.isNaN(Psi.of(new long[] {0, 0}, new long[] {1, 1})));
        assertTrue(Double.isNaN(Psi.of(new long[] {1, 1}, new long[] {0, 0})));
        assertTrue(Double.isNaN(Psi.of(new long[] {1, 1}, new long[] {1, 1, 1})));
    }

    @Test
    void shouldNameTheRuleOfThumbLevels() {
        assertEquals("none", Psi.level(0.05));
        assertEquals("moderate", Psi.level(0.1));
        assertEquals("moderate", Psi.level(0.25));
        assertEquals("significant", Psi.level(0.26));
        assertNull(Psi.level(Double.NaN));
    }
}
