package io.spamscorer.it;

import io.spamscorer.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the production command line ({@link Main#commandLine()}) in this JVM and keeps what it printed: the commands
 * print to {@code System.out}, picocli's own messages go to the command line's writers. The output is echoed to
 * the real standard output, so a failing test's report shows it.
 */
record CommandRun(int exitCode, String stdout, String err) {

    static CommandRun of(final String... args) {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final StringWriter err = new StringWriter();
        final PrintStream original = System.out;
        final int exitCode;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            final CommandLine cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            exitCode = cmd.execute(args);
        } finally {
            System.setOut(original);
        }
        final String stdout = captured.toString(StandardCharsets.UTF_8);
        original.println(stdout);
        return new CommandRun(exitCode, stdout, err.toString());
    }

    /** Both streams, for assertion messages. */
    String context() {
        return "stdout:\n" + stdout + "\nerr:\n" + err;
    }
}
