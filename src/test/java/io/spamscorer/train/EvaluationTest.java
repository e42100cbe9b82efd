package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.model.Model;
import io.spamscorer.model.Transform;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final Dataset TOY = Dataset.parse("toy.csv", "toy.csv", Csv.toy(80).getBytes(StandardCharsets.UTF_8), "spam");

    private static Model model(final String name, final String version) {
        return Trainer.train(TOY, IntStream.range(0, TOY.rows()).toArray(),
                new HyperParameters(Transform.LOG1P, 100, 1.0, 0.0, 42), Trainer.Progress.NONE,
                Model.builder().name(name).version(version).threshold(0.5));
    }

    @Test
    void shouldMatchModelScoreForEvaluation() {
        final Model m = model("toy", "1");
        final Evaluation e = Evaluation.run(m, TOY);
        for (int r = 0; r < TOY.rows(); r++) {
            assertEquals(m.score(TOY.row(r), 0).spamProbability(), e.scores()[r]);
        }
        final Metrics metrics = e.metrics();
        assertEquals(0.5, metrics.threshold());
        assertEquals(TOY.rows(), metrics.rows());
        assertEquals(Metrics.of(e.scores(), e.labels(), 0.5), metrics);
    }

    @Test
    void shouldMatchColumnsToModelFeaturesByName() {
        final Model m = model("toy", "1");
        final StringBuilder permuted = new StringBuilder("spam,c,b,a,extra\n");
        for (int r = 0; r < TOY.rows(); r++) {
            final double[] x = TOY.row(r);
            permuted.append(TOY.label(r)).append(',').append(x[2]).append(',').append(x[1]).append(',').append(x[0]).append(",9\n");
        }
        final Dataset other = Dataset.parse("p.csv", "p.csv", permuted.toString().getBytes(StandardCharsets.UTF_8), "spam");
        assertArrayEquals(Evaluation.run(m, TOY).scores(), Evaluation.run(m, other).scores());
    }

    @Test
    void shouldRejectDataMissingAModelFeature() {
        final Dataset missing = Dataset.parse("m.csv", "m.csv", "a,b,spam\n1,2,1\n".getBytes(StandardCharsets.UTF_8), "spam");
        final DatasetException e = assertThrows(DatasetException.class, () -> Evaluation.run(model("toy", "1"), missing));
        assertEquals("m.csv line 1: no column 'c', which the model needs", e.getMessage());
    }

    @Test
    void shouldWriteSelfContainedReportWithSvgChartsAndNoLinks() {
        final String html = Evaluation.run(model("toy <&> model", "7"), TOY).report();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(4, html.split("<svg", -1).length - 1, "ROC, histogram, calibration, confusion matrix");
        assertFalse(html.contains("http"), "no links or namespace URLs");
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("src="));
        assertTrue(html.contains("toy &lt;&amp;&gt; model version 7"));
        assertTrue(html.contains("ROC curve (AUC "));
        assertTrue(html.contains("Score distribution by class"));
        assertTrue(html.contains("Calibration (reliability diagram, 10 bins)"));
        assertTrue(html.contains("Confusion matrix at threshold 0.5"));
        assertTrue(html.contains("false-positive rate (ham marked spam)"));
        assertFalse(html.contains("NaN"));
    }
}
