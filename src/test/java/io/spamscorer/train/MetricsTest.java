package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void shouldComputeAucOnTinyHandCheckedExampleWithTies() {
        // spam {0.8, 0.5}, ham {0.5, 0.2}: of the 4 spam/ham pairs, 3 are ordered right and one is tied (counts ½).
        final double auc = Metrics.rocAuc(new double[] {0.8, 0.5, 0.5, 0.2}, new int[] {1, 1, 0, 0});
        assertEquals(3.5 / 4, auc, 1e-15);
    }

    @Test
    void shouldComputeAucWithoutTies() {
        // spam {0.4, 0.8}, ham {0.1, 0.35, 0.9}: of 6 pairs, both spam beat 0.1 and 0.35, neither beats 0.9 -> 4/6.
        final double auc = Metrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8, 0.9}, new int[] {0, 1, 0, 1, 0});
        assertEquals(4.0 / 6, auc, 1e-15);
    }

    @Test
    void shouldGiveAucOneHalfForConstantScores() {
        assertEquals(0.5, Metrics.rocAuc(new double[] {0.3, 0.3, 0.3}, new int[] {1, 0, 0}), 1e-15);
    }

    @Test
    void shouldGiveNanAucForSingleClass() {
        assertTrue(Double.isNaN(Metrics.rocAuc(new double[] {0.3, 0.6}, new int[] {1, 1})));
    }

    @Test
    void shouldCountScoreEqualToThresholdAsSpamLikeModelScore() {
        final Metrics m = Metrics.of(new double[] {0.9, 0.5, 0.2, 0.5, 0.1, 0.7}, new int[] {1, 1, 1, 0, 0, 0}, 0.5);
        assertEquals(2, m.tp());
        assertEquals(1, m.fn());
        assertEquals(2, m.fp());
        assertEquals(1, m.tn());
        assertEquals(3.0 / 6, m.accuracy(), 1e-15);
        assertEquals(2.0 / 4, m.precision(), 1e-15);
        assertEquals(2.0 / 3, m.recall(), 1e-15);
        assertEquals(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), m.f1(), 1e-15);
        assertEquals(2.0 / 3, m.falsePositiveRate(), 1e-15);
    }

    @Test
    void shouldReportZeroPrecisionWhenNothingIsMarkedSpam() {
        final Metrics m = Metrics.of(new double[] {0.1, 0.2}, new int[] {1, 0}, 0.5);
        assertEquals(0.0, m.precision());
        assertEquals(0.0, m.f1());
        assertEquals(0.5, m.accuracy());
    }

    @Test
    void shouldWriteCrossValidationJsonLayout() {
        final Metrics m = Metrics.of(new double[] {0.9, 0.1}, new int[] {1, 0}, 0.5);
        final var json = m.toJson();
        assertEquals(1.0, json.get("rocAuc").asDouble());
        assertEquals(1, json.get("confusionMatrix").get("tp").asInt());
        assertEquals(1, json.get("confusionMatrix").get("tn").asInt());
        assertEquals(0.5, json.get("threshold").asDouble());
    }

    @Test
    void shouldPrintNotApplicableForRatiosWithNothingToDivideBy() {
        final String noHam = Metrics.of(new double[] {0.9, 0.2}, new int[] {1, 1}, 0.5).format();
        assertTrue(noHam.contains("false positive rate  n/a (no ham rows)"), noHam);
        assertTrue(noHam.contains("precision            1.0000"), noHam);
        final String noSpamNothingMarked = Metrics.of(new double[] {0.1, 0.2}, new int[] {0, 0}, 0.5).format();
        assertTrue(noSpamNothingMarked.contains("precision            n/a (nothing marked spam)"), noSpamNothingMarked);
        assertTrue(noSpamNothingMarked.contains("recall               n/a (no spam rows)"), noSpamNothingMarked);
        assertTrue(noSpamNothingMarked.contains("f1                   n/a (no spam rows, nothing marked spam)"), noSpamNothingMarked);
        assertTrue(noSpamNothingMarked.contains("false positive rate  0.0000"), noSpamNothingMarked);
    }
}
