package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The one-command first run, end to end: {@code demo --records 500} starts its own broker and scorer, streams 500
 * Spambase rows plus the 9 malformed demo records and prints the summary. Runs in the project root, where
 * {@code config/model.json} and {@code data/spambase.csv} resolve.
 */
class DemoIT {

    @Test
    void shouldScoreAllRecordsAndPrintTheSummary() {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final StringWriter err = new StringWriter();
        final PrintStream original = System.out;
        final int exitCode;
        // The demo prints to System.out; picocli's own messages go to the command line's writers.
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            final CommandLine cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            exitCode = cmd.execute("demo", "--records", "500");
        } finally {
            System.setOut(original);
        }
        final String stdout = captured.toString(StandardCharsets.UTF_8);
        original.println(stdout);
        final String context = "stdout:\n" + stdout + "\nerr:\n" + err;

        assertEquals(0, exitCode, context);
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

    /** The number on a summary line such as {@code "  scored               500"}. */
    private static long summaryNumber(final String stdout, final String label) {
        final Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+([\\d,]+)\\s*$").matcher(stdout);
        assertTrue(m.find(), "no summary line '" + label + "' in:\n" + stdout);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
