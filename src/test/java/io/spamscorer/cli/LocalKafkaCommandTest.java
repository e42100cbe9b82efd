package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad {@code local-kafka} options are one-line usage errors (exit 2), found before any broker is started. */
class LocalKafkaCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        final int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port|-1|--port must be >= 0, got -1",
        "--port|70000|--port must be <= 65535, got 70000",
        "--topics|bad name:1|Invalid --topics entry 'bad name:1': Topic name is invalid: 'bad name' contains one or more characters",
        "--topics|x:0|Invalid --topics entry 'x:0': partitions must be a positive integer",
        "--data-dir|/etc/passwd|--data-dir /etc/passwd is not a directory",
        "--topics|x:99999999|--topics asks for 99999999 partitions in all; at most 10000",
        "--topics|x:6000,y:6000|--topics asks for 12000 partitions in all; at most 10000",
        "--brokers|2|--brokers must be 1 or 3, got 2",
        "--brokers|0|--brokers must be 1 or 3, got 0",
        "--brokers|-3|--brokers must be 1 or 3, got -3",
        "--brokers|5|--brokers must be 1 or 3, got 5",
    })
    void shouldRejectABadOptionInOneLine(final String option, final String value, final String message) {
        final Run r = run("local-kafka", option + "=" + value);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith(message), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldRefuseOptionsTheThreeNodeClusterDoesNotOffer() {
        final Run sasl = run("local-kafka", "--brokers", "3", "--sasl-user", "u=p");
        assertEquals(ExitCodes.BAD_INPUT, sasl.code(), sasl.err());
        assertTrue(sasl.err().startsWith("--sasl-user is only available with --brokers 1"), sasl.err());
        final Run port = run("local-kafka", "--brokers", "3", "--port", "65534");
        assertEquals(ExitCodes.BAD_INPUT, port.code(), port.err());
        assertTrue(port.err().startsWith("--port must be <= 65533, got 65534"), port.err());
    }

    @Test
    void shouldFailWhenThePortIsTakenInsteadOfReportingReady(@TempDir final Path dir) throws IOException {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final int port = other.getLocalPort();
            final Run r = run("local-kafka", "--port", Integer.toString(port), "--data-dir", dir.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertTrue(r.err().startsWith("port " + port + " is in use (--port " + port + ")"), r.err());
            assertEquals("", r.out());
            assertTrue(Files.notExists(dir.resolve("server.properties")));
        }
    }
}
