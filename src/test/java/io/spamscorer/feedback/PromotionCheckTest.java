package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.feedback.Example.Label;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The promotion rule against figures computed by hand in each test's comment. */
class PromotionCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final ModelRef LIVE = new ModelRef("spam", "1");
    private static final ModelRef SHADOW = new ModelRef("spam", "2");

    private final List<Example> examples = new ArrayList<>();

    /** Adds {@code count} examples labelled {@code label} one hour ago, scored {@code live} by live and {@code shadow} by {@code by}. */
    private void add(final int count, final Label label, final Label live, final Label shadow, final ModelRef by) {
        for (int i = 0; i < count; i++) {
            examples.add(example(label, live, new Example.Shadow(by, shadow.isSpam() ? 0.9 : 0.1, shadow),
                    NOW.minus(Duration.ofHours(1))));
        }
    }

    private void add(final int count, final Label label, final Label live, final Label shadow) {
        add(count, label, live, shadow, SHADOW);
    }

    private Example example(final Label label, final Label live, final Example.Shadow shadow, final Instant labelAt) {
        return new Example("id-" + examples.size(), label, "user", labelAt.toEpochMilli(), labelAt.toEpochMilli() - 1000,
                LIVE, live.isSpam() ? 0.9 : 0.1, live, shadow, Map.of());
    }

    private PromotionCheck.Outcome check(final int min) {
        return PromotionCheck.check(SHADOW, examples, NOW, DAY, min);
    }

    @Test
    void shouldRefuseWithTooFewExamplesCountingOnlyThisShadowsWithinTheWindow() {
        add(3, Label.SPAM, Label.SPAM, Label.SPAM);
        add(5, Label.SPAM, Label.SPAM, Label.SPAM, new ModelRef("spam", "0")); // another challenger's examples
        examples.add(example(Label.HAM, Label.HAM, null, NOW.minus(Duration.ofHours(1)))); // no shadow scored it
        examples.add(example(Label.HAM, Label.HAM, new Example.Shadow(SHADOW, 0.1, Label.HAM),
                NOW.minus(Duration.ofHours(25)))); // labelled before the window

        final PromotionCheck.Outcome o = check(5);

        assertFalse(o.accepted());
        assertEquals(3, o.examples());
        assertEquals("only 3 labelled example(s) scored by shadow spam@2, 5 needed (2 missing)", o.reason());
    }

    @Test
    void shouldRefuseAWorseFalsePositiveRateEvenAtEqualAccuracy() {
        // ham: live 4 tn; shadow 1 fp + 3 tn. spam: live 3 tp + 1 fn; shadow 4 tp.
        // live FPR 0/4 = 0, accuracy 7/8; shadow FPR 1/4 = 0.25, accuracy 7/8.
        add(3, Label.HAM, Label.HAM, Label.HAM);
        add(1, Label.HAM, Label.HAM, Label.SPAM);
        add(3, Label.SPAM, Label.SPAM, Label.SPAM);
        add(1, Label.SPAM, Label.HAM, Label.SPAM);

        final PromotionCheck.Outcome o = check(8);

        assertEquals(new QualityCounts(3, 0, 4, 1), o.live());
        assertEquals(new QualityCounts(4, 1, 3, 0), o.challenger());
        assertEquals(List.of("shadow false-positive rate 0.2500 is worse than live 0.0000 by 0.2500 (1 vs 0 false positives)"),
                o.refusals());
    }

    @Test
    void shouldRefuseAWorseAccuracyEvenAtEqualFalsePositiveRate() {
        // ham: both 4 tn. spam: live 4 tp; shadow 2 tp + 2 fn. FPR 0 both; accuracy live 8/8, shadow 6/8.
        add(4, Label.HAM, Label.HAM, Label.HAM);
        add(2, Label.SPAM, Label.SPAM, Label.SPAM);
        add(2, Label.SPAM, Label.SPAM, Label.HAM);

        final PromotionCheck.Outcome o = check(8);

        assertFalse(o.accepted());
        assertEquals(List.of("shadow accuracy 0.7500 is worse than live 1.0000 by 0.2500 (6 vs 8 correct of 8)"), o.refusals());
    }

    @Test
    void shouldNameBothFiguresWhenBothAreWorse() {
        // ham: live 2 tn; shadow 1 fp + 1 tn. spam: live 2 tp; shadow 2 tp. FPR 0 vs 0.5; accuracy 4/4 vs 3/4.
        add(1, Label.HAM, Label.HAM, Label.HAM);
        add(1, Label.HAM, Label.HAM, Label.SPAM);
        add(2, Label.SPAM, Label.SPAM, Label.SPAM);

        final PromotionCheck.Outcome o = check(4);

        assertEquals("shadow false-positive rate 0.5000 is worse than live 0.0000 by 0.5000 (1 vs 0 false positives);"
                + " shadow accuracy 0.7500 is worse than live 1.0000 by 0.2500 (3 vs 4 correct of 4)", o.reason());
    }

    @Test
    void shouldAcceptABetterShadowOnEnoughExamples() {
        // ham: live 1 fp + 3 tn; shadow 4 tn. spam: live 3 tp + 1 fn; shadow 4 tp.
        // live FPR 1/4 = 0.25, accuracy 6/8 = 0.75; shadow FPR 0, accuracy 1.
        add(1, Label.HAM, Label.SPAM, Label.HAM);
        add(3, Label.HAM, Label.HAM, Label.HAM);
        add(3, Label.SPAM, Label.SPAM, Label.SPAM);
        add(1, Label.SPAM, Label.HAM, Label.SPAM);

        final PromotionCheck.Outcome o = check(8);

        assertTrue(o.accepted(), o.reason());
        assertEquals(0.25, o.live().falsePositiveRate());
        assertEquals(0.75, o.live().accuracy());
        assertEquals(0.0, o.challenger().falsePositiveRate());
        assertEquals(1.0, o.challenger().accuracy());
    }

    @Test
    void shouldAcceptEqualFiguresAndSpamOnlyExamplesWhoseRateIsUndefined() {
        // spam only: FPR is 0/0 for both (n/a), accuracy 3/4 for both.
        add(3, Label.SPAM, Label.SPAM, Label.SPAM);
        add(1, Label.SPAM, Label.HAM, Label.HAM);

        final PromotionCheck.Outcome o = check(4);

        assertTrue(o.accepted(), o.reason());
        assertEquals("n/a", PromotionCheck.fmt(o.challenger().falsePositiveRate()));
    }
}
