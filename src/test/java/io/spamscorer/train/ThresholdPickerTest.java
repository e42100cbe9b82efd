package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdPickerTest {

    // Five ham (0.1 … 0.9) and three spam.
    private static final double[] SCORES = {0.1, 0.2, 0.3, 0.4, 0.9, 0.35, 0.6, 0.95};
    private static final int[] LABELS = {0, 0, 0, 0, 0, 1, 1, 1};

    private static double fpr(final double threshold) {
        return Metrics.of(SCORES, LABELS, threshold).falsePositiveRate();
    }

    @Test
    void shouldPickLowestThresholdMeetingMaxFalsePositiveRate() {
        // 20 % of 5 ham allows one false positive: the 0.9 ham may stay above, the 0.4 ham must not.
        final double t = ThresholdPicker.lowestThreshold(SCORES, LABELS, 0.2);
        assertEquals(Math.nextUp(0.4), t);
        assertTrue(fpr(t) <= 0.2);
        assertTrue(fpr(Math.nextDown(t)) > 0.2, "any lower threshold breaks the budget");
    }

    @Test
    void shouldKeepEveryHamBelowThresholdForZeroRate() {
        final double t = ThresholdPicker.lowestThreshold(SCORES, LABELS, 0.0);
        assertEquals(Math.nextUp(0.9), t);
        assertEquals(0.0, fpr(t));
    }

    @Test
    void shouldAllowExactlyTheBudgetedRate() {
        // 0.4 is exactly 2 of 5 ham: the rate may equal R ("at or below").
        final double t = ThresholdPicker.lowestThreshold(SCORES, LABELS, 0.4);
        assertEquals(Math.nextUp(0.3), t);
        assertEquals(0.4, fpr(t), 1e-15);
    }

    @Test
    void shouldFailWhenHamAtProbabilityOneCannotBeExcluded() {
        assertThrows(TrainingException.class,
                () -> ThresholdPicker.lowestThreshold(new double[] {1.0, 0.2, 1.0}, new int[] {0, 0, 1}, 0.0));
    }

    @Test
    void shouldRejectRateOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> ThresholdPicker.lowestThreshold(SCORES, LABELS, 1.0));
        assertThrows(IllegalArgumentException.class, () -> ThresholdPicker.lowestThreshold(SCORES, LABELS, -0.1));
    }
}
