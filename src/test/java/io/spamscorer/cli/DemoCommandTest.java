package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad {@code demo} options are refused before any broker is started, with a message naming the option. */
class DemoCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rate|NaN|--rate must be a finite number >= 0, got NaN",
        "--rate|Infinity|--rate must be a finite number >= 0, got Infinity",
        "--rate|-1|--rate must be a finite number >= 0, got -1.0",
        "--records|0|--records must be >= 1, got 0",
        "--records|2000000000|--records must be <= 1000000, got 2000000000",
        "--partitions|0|--partitions must be >= 1, got 0",
        "--partitions|100000|--partitions must be <= 64, got 100000",
    })
    void shouldRejectABadOptionNamingIt(final String option, final String value, final String message) {
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        final int exit = cmd.execute("demo", option + "=" + value);
        assertEquals(ExitCodes.BAD_INPUT, exit, err.toString());
        assertTrue(err.toString().startsWith(message), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--feedback --email|--feedback runs its own raw-mail loop; --email, --data, --rate and --keep-running do not apply",
        "--feedback --rate=10|--feedback runs its own raw-mail loop; --email, --data, --rate and --keep-running do not apply",
        "--label-share=0.5|--label-share applies to --feedback only",
        "--email --base-mail=none|--base-mail applies to --feedback only",
        "--feedback --label-share=0|--label-share must be > 0 and <= 1, got 0.0",
        "--feedback --label-share=1.5|--label-share must be > 0 and <= 1, got 1.5",
        "--feedback --label-delay=-1|--label-delay must be a finite number >= 0, got -1.0",
        "--feedback --min-examples=0|--min-examples must be >= 1, got 0",
        "--feedback --base-mail=no/such/dir|--base-mail no/such/dir is not a directory (ham/ and spam/); 'none' retrains on the examples only",
    })
    void shouldRejectFeedbackOptionsThatDoNotFit(final String args, final String message) {
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        final String[] argv = ("demo " + args).split(" ");
        final int exit = cmd.execute(argv);
        assertEquals(ExitCodes.BAD_INPUT, exit, err.toString());
        assertTrue(err.toString().startsWith(message), err.toString());
    }
}
