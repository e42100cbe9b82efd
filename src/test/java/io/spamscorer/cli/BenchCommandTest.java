package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Bad {@code bench} options are refused before any broker is started, with a message naming the option. Tests of
 * other options pass {@code --email-records 0}, so that they do not depend on the email model's file.
 */
class BenchCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--records|0|--records must be >= 1, got 0",
        "--batch-size|0|--batch-size must be >= 1, got 0",
        "--linger-ms|-1|--linger-ms must be >= 0, got -1",
        "--latency-linger-ms|-1|--latency-linger-ms must be >= 0, got -1",
        "--latency-warmup-seconds|-1|--latency-warmup-seconds must be >= 0, got -1",
        "--latency-warmup-seconds|601|--latency-warmup-seconds must be <= 600, got 601",
        "--latency-seconds|0|--latency-seconds must be >= 1, got 0",
        "--latency-seconds|601|--latency-seconds must be <= 600, got 601",
        "--stream-threads|0|--stream-threads must be >= 1, got 0",
        "--stream-threads|17|--stream-threads must be <= 16, got 17",
        "--rounds|0|--rounds must be >= 1, got 0",
        "--rounds|21|--rounds must be <= 20, got 21",
        "--warmup-rounds|-1|--warmup-rounds must be >= 0, got -1",
        "--warmup-rounds|6|--warmup-rounds must be <= 5, got 6",
        "--latency-rate|-5|--latency-rate must be a finite number >= 0 (0: only half of (c)), got -5.0",
        "--latency-rate|Infinity|--latency-rate must be a finite number >= 0 (0: only half of (c)), got Infinity",
        "--latency-rate|abc|Invalid value for option '--latency-rate': 'abc' is not a double",
        "--scorer-property|producer.compression.type=brotli|--scorer-property: invalid Kafka setting: Invalid value brotli for configuration compression.type",
        "--scorer-property|scorer.explain.top=-1|--scorer-property: scorer.explain.top",
        "--scorer-property|processing.guarantee=exactly_once_v2|--scorer-property processing.guarantee: the bench sets this key itself",
        "--scorer-property|scorer.output.topic=elsewhere|--scorer-property scorer.output.topic: the bench sets this key itself",
        "--scorer-property|num.stream.threads=4|--scorer-property num.stream.threads: the bench sets this key itself",
        "--compare|does-not-exist.json|--compare cannot read does-not-exist.json: ",
        "--compare|pom.xml|--compare pom.xml is not JSON: ",
        "--compare|config/model.json|--compare config/model.json: workloads is missing or empty; is it a bench.json?",
        "--scorer-property|nonsense|Value for option option '--scorer-property' (KEY=VALUE) should be in KEY=VALUE format but was nonsense",
    })
    void shouldRejectABadOptionNamingIt(final String option, final String value, final String message) {
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        final int exit = cmd.execute("bench", option + "=" + value, "--bootstrap", "localhost:1");
        assertEquals(ExitCodes.BAD_INPUT, exit, err.toString());
        assertTrue(err.toString().startsWith(message), err.toString());
    }

    @Test
    void shouldRefuseRawEmailInputsThatCannotRunBeforeRunning(@TempDir final Path dir) {
        final String[] negative = runBench("--email-records", "-1", "--bootstrap", "localhost:1");
        assertEquals("2", negative[0], negative[1]);
        assertTrue(negative[1].startsWith("--email-records must be >= 0, got -1"), negative[1]);

        final String[] threads = runBench("--email-stream-threads", "17", "--bootstrap", "localhost:1");
        assertEquals("2", threads[0], threads[1]);
        assertTrue(threads[1].startsWith("--email-stream-threads must be <= 16, got 17"), threads[1]);

        final Path missing = dir.resolve("no-model.json");
        final String[] noModel = runBench("--email-model", missing.toString(), "--bootstrap", "localhost:1");
        assertEquals("2", noModel[0], noModel[1]);
        assertTrue(noModel[1].startsWith("--email-model " + missing + ": model file " + missing + " does not exist"), noModel[1]);

        final String[] noFeaturizer = runBench("--email-model", "config/model.json", "--bootstrap", "localhost:1");
        assertEquals("2", noFeaturizer[0], noFeaturizer[1]);
        assertTrue(noFeaturizer[1].startsWith("--email-model config/model.json: model.featurizer is missing"), noFeaturizer[1]);
        assertEquals(1, noFeaturizer[1].lines().takeWhile(l -> !l.startsWith("Usage:")).count(), noFeaturizer[1]);

        final String[] noMail = runBench("--mail", dir.resolve("nope").toString(), "--bootstrap", "localhost:1");
        assertEquals("2", noMail[0], noMail[1]);
        assertTrue(noMail[1].startsWith("--mail " + dir.resolve("nope") + " is not a directory"), noMail[1]);
    }

    private static String[] runBench(final String... args) {
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        final String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return new String[] {Integer.toString(cmd.execute(all)), err.toString()};
    }

    @Test
    void shouldRefuseAnOutputThatIsAFileOrCannotBeCreatedBeforeRunning(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("f"), "x");
        final String[] notDir = runBench("--email-records", "0", "--out", file.toString(), "--bootstrap", "localhost:1");
        assertEquals("2", notDir[0], notDir[1]);
        assertTrue(notDir[1].startsWith("--out " + file + " is not a directory"), notDir[1]);
        final Path under = file.resolve("sub");
        final String[] uncreatable = runBench("--email-records", "0", "--out", under.toString(), "--bootstrap", "localhost:1");
        assertEquals("2", uncreatable[0], uncreatable[1]);
        assertTrue(uncreatable[1].startsWith("--out " + under + " is not a writable directory"), uncreatable[1]);
    }

    @Test
    void shouldRefuseABootstrapWhereNoBrokerAnswers(@TempDir final Path dir) {
        final String[] r = runBench("--email-records", "0", "--out", dir.toString(), "--bootstrap", "127.0.0.1:1");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("--bootstrap 127.0.0.1:1: no broker answered within 5 s"), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
    }

    @Test
    void shouldRefuseABootstrapThatIsNotAnAddress(@TempDir final Path dir) {
        final String[] r = runBench("--email-records", "0", "--out", dir.toString(), "--bootstrap", "nothing");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].startsWith("--bootstrap nothing is not usable: "), r[1]);
    }
}
