package io.spamscorer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** demo --feedback's figures per model, against a hand count. */
class FeedbackQualityTest {

    private static final ModelRef LIVE = new ModelRef("m", "1");
    private static final ModelRef SHADOW = new ModelRef("m", "1-retrained-3");

    private static Example example(final String id, final boolean spam, final boolean livePredictsSpam,
                                   final Boolean shadowPredictsSpam) {
        return new Example(id, Example.Label.of(spam), null, 2L, 1L, LIVE, livePredictsSpam ? 0.9 : 0.1,
                Example.Label.of(livePredictsSpam), shadowPredictsSpam == null ? null
                : new Example.Shadow(SHADOW, shadowPredictsSpam ? 0.9 : 0.1, Example.Label.of(shadowPredictsSpam)), Map.of());
    }

    // live: a tp, an fp, a tn, an fn; the shadow scored the last three only: fp→tn, tn→tn, fn→tp
    private static final List<Example> EXAMPLES = List.of(
            example("a", true, true, null),
            example("b", false, true, false),
            example("c", false, false, false),
            example("d", true, false, true));

    @Test
    void shouldCountEachModelOnTheExamplesItDecided() {
        final Map<ModelRef, QualityCounts> per = FeedbackQuality.perModel(EXAMPLES);

        assertEquals(new QualityCounts(1, 1, 1, 1), per.get(LIVE));
        assertEquals(new QualityCounts(1, 0, 2, 0), per.get(SHADOW));
        assertEquals(List.of(LIVE, SHADOW), List.copyOf(per.keySet()));
    }

    @Test
    void shouldCompareBothModelsOnlyOnTheMessagesTheShadowScored() {
        final QualityCounts[] side = FeedbackQuality.sideBySide(EXAMPLES, SHADOW);

        assertEquals(new QualityCounts(0, 1, 1, 1), side[0], "live, without a (scored before the shadow)");
        assertEquals(new QualityCounts(1, 0, 2, 0), side[1]);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FeedbackQuality.printSideBySide(new PrintStream(bytes, true, StandardCharsets.UTF_8), LIVE, SHADOW, side);
        final String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  precision            0.0000         1.0000\n"), text);
        assertTrue(text.contains("  false-positive rate  0.5000         0.0000\n"), text);
        assertTrue(text.contains("  tp / fp / tn / fn    0 / 1 / 1 / 1  1 / 0 / 2 / 0\n"), text);
    }
}
