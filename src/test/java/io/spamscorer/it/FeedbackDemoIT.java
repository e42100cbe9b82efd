package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --feedback} end to end: its own broker and scorer, the held-out mail in two phases, labels for a share
 * of each, live quality per model, a retrained shadow that scores phase 2 beside the live model, and a promotion that
 * either happens (and the scorer switches) or is refused with its reason. Runs in the project root, where
 * config/email-model.json and data/mail resolve.
 */
class FeedbackDemoIT {

    @Test
    void shouldCloseTheLoopFromLabelsToAPromotionDecision() {
        final CommandRun run = CommandRun.of("demo", "--feedback", "--label-delay", "0.5");
        final String stdout = run.stdout();
        final String context = run.context();

        assertEquals(0, run.exitCode(), context);
        assertFalse(stdout.contains("INCOMPLETE"), context);
        assertTrue(stdout.contains("== phase 1: 191 messages, scored by the live model spamassassin-words@1 =="), context);
        // phase 1: only the live model has labelled figures
        final int phase2 = stdout.indexOf("== phase 2:");
        assertTrue(phase2 > 0, context);
        final String first = stdout.substring(0, phase2);
        assertTrue(Pattern.compile("(?m)^  spamassassin-words@1\\s+(\\d+)\\s+0\\.\\d{4}").matcher(first).find(), context);
        assertTrue(first.contains("published spamassassin-words@1-retrained-"), context);
        assertTrue(first.contains("+ 2806 messages of data/mail/train"), context);
        // phase 2: both models, on the same labelled messages
        final String second = stdout.substring(phase2);
        final Matcher shadow = Pattern.compile("(?m)^  (spamassassin-words@1-retrained-\\d+)\\s+(\\d+)\\s").matcher(second);
        assertTrue(shadow.find(), "the shadow's own line of live quality; " + context);
        final Matcher side = Pattern.compile("(?m)^  labelled\\s+(\\d+)\\s+(\\d+)$").matcher(second);
        assertTrue(side.find(), context);
        assertEquals(side.group(1), side.group(2), "side by side on the same messages; " + context);
        assertEquals(shadow.group(2), side.group(2), context);
        assertTrue(second.contains("== both models on the same labelled messages of phase 2 =="), context);
        assertTrue(Pattern.compile("(?m)^  false-positive rate\\s+(0\\.\\d{4}|n/a)\\s+(0\\.\\d{4}|n/a)$").matcher(second).find(), context);
        // the decision: promoted and live, or refused with its reason
        final boolean promoted = second.contains("promoted " + shadow.group(1) + " in one transaction");
        final boolean refused = Pattern.compile("(?m)^promotion refused: .+$").matcher(second).find();
        assertTrue(promoted ^ refused, context);
        if (promoted) {
            assertTrue(second.contains("live model now " + shadow.group(1) + "; no shadow"), context);
        } else {
            assertTrue(second.contains("live model stays spamassassin-words@1"), context);
        }
    }
}
