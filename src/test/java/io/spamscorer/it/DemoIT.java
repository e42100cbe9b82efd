package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-command first run, end to end: {@code demo --records 500} starts its own broker and scorer, streams 500
 * Spambase rows plus the 9 malformed demo records and prints the summary. Runs in the project root, where
 * {@code config/model.json} and {@code data/spambase.csv} resolve.
 */
class DemoIT {

    @Test
    void shouldScoreAllRecordsAndPrintTheSummary() {
        final CommandRun run = CommandRun.of("demo", "--records", "500");
        final String stdout = run.stdout();
        final String context = run.context();

        assertEquals(0, run.exitCode(), context);
        assertEquals(509, summaryNumber(stdout, "records sent"), context);
        assertEquals(500, summaryNumber(stdout, "scored"), context);
        assertEquals(9, summaryNumber(stdout, "dead-lettered"), context);
        assertEquals(0, summaryNumber(stdout, "duplicates"), context);
        assertTrue(stdout.contains("== quality against the Spambase labels =="), context);
        assertTrue(Pattern.compile("(?m)^\\s+rows\\s+500 \\(spam \\d+, ham \\d+\\)$").matcher(stdout).find(), context);
        assertTrue(Pattern.compile("(?m)^\\s+accuracy\\s+0\\.\\d{4}$").matcher(stdout).find(), context);
        assertTrue(Pattern.compile("(?m)^\\s+confusion matrix\\s+tp \\d+, fp \\d+, tn \\d+, fn \\d+$").matcher(stdout).find(),
                context);
        assertTrue(!stdout.contains("INCOMPLETE"), context);
    }

    /**
     * {@code demo --email}: the 319 held-out messages of data/mail/demo as raw bytes through a scorer with
     * {@code scorer.input.format=email} and config/email-model.json, plus 5 malformed records that must be dead-lettered
     * with the parser's reasons; the summary says the figures are on held-out mail and shows explanations in words.
     */
    @Test
    void shouldScoreTheHeldOutMailAndDeadLetterTheMalformedRecords() {
        final CommandRun run = CommandRun.of("demo", "--email");
        final String stdout = run.stdout();
        final String context = run.context();

        assertEquals(0, run.exitCode(), context);
        assertEquals(324, summaryNumber(stdout, "records sent"), context);
        assertEquals(319, summaryNumber(stdout, "scored"), context);
        assertEquals(5, summaryNumber(stdout, "dead-lettered"), context);
        assertEquals(0, summaryNumber(stdout, "duplicates"), context);
        assertTrue(stdout.contains("model spamassassin-words@1"), context);
        for (final String reason : new String[] {"JSON, not an RFC 5322 message", "binary data, not an RFC 5322 message",
            "message is empty (0 bytes)", "value is null (a tombstone)", "over the 262144-byte limit (scorer.email.max.bytes)"}) {
            assertTrue(stdout.contains(reason), reason + " in " + context);
        }
        // output records keyed and named by file, explained by the model's words
        assertTrue(Pattern.compile("(?m)^\\s+\\{\"id\":\"(ham|spam)/[^\"]+\".*\"topFeatures\":\\[\\{\"feature\":")
                .matcher(stdout).find(), context);
        assertTrue(stdout.contains("== quality against the corpus labels =="), context);
        assertTrue(Pattern.compile("(?m)^\\s+rows\\s+319 \\(spam 55, ham 264\\)$").matcher(stdout).find(), context);
        assertTrue(Pattern.compile("(?m)^\\s+accuracy\\s+0\\.9\\d{3}$").matcher(stdout).find(), context);
        assertTrue(stdout.contains("held out: these messages were never part of the model's training"), context);
        assertTrue(!stdout.contains("INCOMPLETE"), context);
    }

    /** The number on a summary line such as {@code "  scored               500"}. */
    private static long summaryNumber(final String stdout, final String label) {
        final Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+([\\d,]+)\\s*$").matcher(stdout);
        assertTrue(m.find(), "no summary line '" + label + "' in:\n" + stdout);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
