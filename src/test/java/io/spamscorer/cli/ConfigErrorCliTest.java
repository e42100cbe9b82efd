package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A bad configuration stops {@code run} before it touches Kafka: one line on stderr naming the key or line, exit 2. */
class ConfigErrorCliTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "num.stream.threads=0|num.stream.threads = '0'",
        "scorer.shutdown.timeout=9999999999999h|scorer.shutdown.timeout = '9999999999999h'",
        "scorer.thread.replacements.window=9999999999999h|scorer.thread.replacements.window = '9999999999999h'",
        "scorer.topics.replication.factor=0|scorer.topics.replication.factor = '0'",
        "replication.factor=0|replication.factor = '0'",
        "consumer.session.timeout.ms=soon|consumer.session.timeout.ms",
        "# Empf\u00e4nger|line 4 is not valid UTF-8"})
    void shouldStopRunWithOneLineAndExitTwo(final String line, final String named) throws IOException {
        final Path config = dir.resolve("scorer.properties");
        // ISO-8859-1, so the last case is a Latin-1 byte; the other lines are ASCII either way.
        Files.write(config, ("bootstrap.servers=localhost:1\nscorer.http.port=0\n\n" + line + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        assertEquals(ExitCodes.BAD_INPUT, cmd.execute("run", "--config", config.toString()));
        final String msg = err.toString().strip();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.startsWith("error: ") && msg.contains(named), msg);
    }
}
