package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.stream.ScoringTopology;
import io.spamscorer.testing.MailModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code score --email}: raw message files → the topology's output records, errors per file, bad usage exit 2. */
class ScoreEmailCommandTest {

    private static final String EMAIL_MODEL = "config/email-model.json";

    @TempDir
    Path dir;

    private PrintStream originalOut;
    private PrintStream originalErr;

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void saveStreams() {
        originalOut = System.out;
        originalErr = System.err;
    }

    @AfterEach
    void restoreStreams() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Runs {@code spam-scorer args...} through the real command line with System.out/err captured. */
    private static Run main(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final StringWriter cliOut = new StringWriter();
        final StringWriter cliErr = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        final CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(cliOut, true));
        cl.setErr(new PrintWriter(cliErr, true));
        final int code = cl.execute(args);
        System.out.flush();
        System.err.flush();
        return new Run(code, out.toString(StandardCharsets.UTF_8) + cliOut, err.toString(StandardCharsets.UTF_8) + cliErr);
    }

    private Path writeMessages() throws IOException {
        final Path mail = dir.resolve("mail");
        for (final String name : MailModels.MESSAGES) {
            final Path file = mail.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, MailModels.bytes(name));
        }
        return mail;
    }

    private static String withoutScoredAt(final String json) {
        return json.replaceAll("\"scoredAt\":\"[^\"]*\"", "\"scoredAt\":\"-\"");
    }

    @Test
    void shouldPrintForEachMessageTheBytesTheEmailTopologyWritesForIt() throws IOException {
        final Path mail = writeMessages();
        final Run cli = main("score", "--email", mail.toString(), "--explain-top", "5");
        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(MailModels.MESSAGES.size(), lines.size(), cli.out());

        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092",
                ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.MODEL_PATH, EMAIL_MODEL, ScorerConfig.EXPLAIN_TOP, "5"));
        final List<String> fromTopology = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ScoringTopology.build(config, ScorerService.loadModelFile(config), ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE))) {
            final TestInputTopic<byte[], byte[]> in =
                    driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
            final TestOutputTopic<byte[], byte[]> out =
                    driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            // score --email walks the directory in path order: ham/ first, then spam/, as MESSAGES lists them
            for (final String name : MailModels.MESSAGES) {
                in.pipeInput(null, MailModels.bytes(name));
                fromTopology.add(new String(out.readValue(), StandardCharsets.UTF_8));
            }
            assertTrue(out.isEmpty());
        }
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(withoutScoredAt(fromTopology.get(i)), withoutScoredAt(lines.get(i)), MailModels.MESSAGES.get(i));
        }
        final JsonNode first = Json.mapper().readTree(lines.get(0));
        assertEquals("spamassassin-words", first.get("model").get("name").asText());
        assertEquals(5, first.get("topFeatures").size());
    }

    @Test
    void shouldNameTheMessageByItsMessageIdElseBySha256OfItsBytes() throws IOException {
        final Path withId = dir.resolve("with-id");
        Files.writeString(withId, "Message-ID: <abc@example.org>\r\nSubject: hi\r\n\r\nhello\r\n");
        final Path withoutId = dir.resolve("without-id");
        final byte[] raw = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(withoutId, raw);
        final Run r = main("score", "--email", withId.toString(), withoutId.toString());
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertEquals("abc@example.org", Json.mapper().readTree(lines.get(0)).get("id").asText());
        assertEquals("sha256:" + java.util.HexFormat.of().formatHex(sha256(raw)),
                Json.mapper().readTree(lines.get(1)).get("id").asText());
    }

    private static byte[] sha256(final byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldReportEachMessageThatCannotBeScoredAndScoreTheOthers() throws IOException {
        final Path mail = dir.resolve("mixed");
        Files.createDirectories(mail);
        Files.write(mail.resolve("a-good"), MailModels.bytes(MailModels.MESSAGES.get(0)));
        final Path json = Files.writeString(mail.resolve("b-json"), "{\"id\":\"x\",\"features\":[1]}");
        final Path empty = Files.write(mail.resolve("c-empty"), new byte[0]);
        final Path big = mail.resolve("d-big");
        Files.write(big, new byte[10 * 1024 * 1024 + 1]);
        Files.write(mail.resolve("e-good"), MailModels.bytes(MailModels.MESSAGES.get(5)));

        final Run r = main("score", "--email", mail.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
        assertEquals(List.of(
                json + ": message starts with '{' at byte 0: JSON, not an RFC 5322 message",
                empty + ": message is empty (0 bytes)",
                big + ": message is over the 10485760-byte limit of one message",
                "3 of 5 messages could not be scored"), r.err().lines().toList());
    }

    @Test
    void shouldRefuseAModelWithoutFeaturizerInOneLineNamingTheModelFile() throws IOException {
        final Path mail = writeMessages();
        final Run r = main("score", "--model", "config/model.json", "--email", mail.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: config/model.json: model spambase-logreg version 1 has no featurizer"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldScoreWithTheSpambaseModelWhenGivenTheSpambaseFeaturizer() throws IOException {
        final Path mail = writeMessages();
        final Run r = main("score", "--model", "config/model.json", "--featurizer", "spambase", "--email", mail.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(MailModels.MESSAGES.size(), r.out().lines().count());
        final JsonNode first = Json.mapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertEquals("spambase-logreg", first.get("model").get("name").asText());
        assertTrue(first.get("topFeatures").get(0).get("feature").asText().matches("(word|char)_freq_.*|capital_run_.*"));
    }

    @Test
    void shouldExitTwoNamingAnEmailPathThatDoesNotExist() {
        final Path missing = dir.resolve("nope");
        final Run r = main("score", "--email", missing.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals("error: " + missing + ": --email names no file or directory there" + System.lineSeparator(), r.err());
    }

    @Test
    void shouldRefuseTheFeaturizerOptionWithoutEmail() {
        final Run r = main("score", "--featurizer", "spambase");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("--featurizer applies to --email only"), r.err());
    }
}
