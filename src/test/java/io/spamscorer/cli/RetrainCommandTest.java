package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad {@code retrain} options are refused before any configuration or broker is read, naming the option. */
class RetrainCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--out m.json --base-mail d --base-data c.csv|--base-mail and --base-data are mutually exclusive",
        "--folds 5|nothing to do: give --out MODEL.json, --publish-shadow or both",
        "--out m.json --folds 1|--folds must be >= 2, got 1",
        "--out m.json --max-false-positive-rate 1|--max-false-positive-rate must be >= 0 and < 1, got 1.0",
        "--publish-shadow --model-version=|--model-version must not be blank",
    })
    void shouldRejectOptionsThatDoNotFit(final String args, final String message) {
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        final int exit = cmd.execute(("retrain --config does-not-exist.properties " + args).split(" "));
        assertEquals(ExitCodes.BAD_INPUT, exit, err.toString());
        assertTrue(err.toString().startsWith(message), err.toString());
    }
}
