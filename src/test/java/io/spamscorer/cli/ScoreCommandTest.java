package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.stream.ScoringTopology;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
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

class ScoreCommandTest {

    private static final String TINY = "src/test/resources/tiny-model.json";
    private static final Model TINY_MODEL = ModelLoader.load(Path.of(TINY));

    private InputStream originalIn;
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void saveStreams() {
        originalIn = System.in;
        originalOut = System.out;
        originalErr = System.err;
    }

    @AfterEach
    void restoreStreams() {
        System.setIn(originalIn);
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Result of one run: exit code (or failed-line count), stdout and stderr. */
    private record Run(long code, String out, String err) {
        List<JsonNode> lines() throws IOException {
            final List<JsonNode> nodes = new ArrayList<>();
            for (final String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    nodes.add(Json.mapper().readTree(line));
                }
            }
            return nodes;
        }

        List<String> errLines() {
            final List<String> l = new ArrayList<>();
            for (final String line : err.split("\\R")) {
                if (!line.isEmpty()) {
                    l.add(line);
                }
            }
            return l;
        }
    }

    /** Calls the package-private score method after letting picocli apply the options and their defaults. */
    private static Run scoreDirectly(final byte[] stdin, final String... args) throws IOException {
        final ScoreCommand cmd = new ScoreCommand();
        new CommandLine(cmd).parseArgs(args);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final long failed;
        try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            failed = cmd.score(TINY_MODEL, new ByteArrayInputStream(stdin), out, errStream);
        }
        return new Run(failed, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run scoreDirectly(final String stdin, final String... args) throws IOException {
        return scoreDirectly(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Runs {@code spam-scorer args...} through the real command line with System.in/out/err replaced. */
    private static Run main(final String stdin, final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final StringWriter cliOut = new StringWriter();
        final StringWriter cliErr = new StringWriter();
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
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

    private static List<String> fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        final Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static double logistic(final double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    @Test
    void shouldScoreGoodLinesAsJsonLines() throws IOException {
        final Run run = scoreDirectly("{\"id\":\"m1\",\"features\":[1,0.5,2]}\n"
                + "{\"id\":\"m2\",\"features\":{\"c\":0,\"b\":3,\"a\":0.25}}\n");
        assertEquals(0, run.code());
        assertEquals("", run.err());
        final List<JsonNode> lines = run.lines();
        assertEquals(2, lines.size());
        assertEquals("m1", lines.get(0).get("id").asText());
        final double logit1 = 2.0 * 1 - 0.5 + 0.5 * 2 - 0.5;
        assertEquals(logit1, lines.get(0).get("logit").asDouble(), 1e-15);
        assertEquals(logistic(logit1), lines.get(0).get("spamProbability").asDouble(), 1e-15);
        assertEquals("spam", lines.get(0).get("label").asText());
        final double logit2 = 2.0 * 0.25 - 3 + 0 - 0.5;
        assertEquals("m2", lines.get(1).get("id").asText());
        assertEquals(logistic(logit2), lines.get(1).get("spamProbability").asDouble(), 1e-15);
        assertEquals("ham", lines.get(1).get("label").asText());
        assertEquals(List.of("id", "spamProbability", "label", "logit", "threshold", "model", "scoredAt", "topFeatures"),
                fieldNames(lines.get(0)));
        assertEquals(3, lines.get(0).get("topFeatures").size());
        assertEquals(2, run.out().chars().filter(c -> c == '\n').count(), "one JSON object per line");
    }

    @Test
    void shouldProduceTheSameFieldsAsTheTopology() throws IOException {
        final String record = "{\"id\":\"same\",\"features\":[0.3,-1.25,4]}";
        final ObjectNode fromCli = (ObjectNode) scoreDirectly(record + "\n").lines().get(0);
        final Map<String, String> values = Map.of("bootstrap.servers", "unused:9092", "scorer.model.path", TINY);
        final ScorerConfig config = ScorerConfig.of(values);
        final ModelHolder models = new ModelHolder(new LoadedModel(TINY_MODEL, "test", Instant.EPOCH));
        final ObjectNode fromTopology;
        try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(config, models, ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE))) {
            final TestInputTopic<byte[], byte[]> in = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            final TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(config.outputTopic(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), record.getBytes(StandardCharsets.UTF_8));
            fromTopology = (ObjectNode) Json.mapper().readTree(out.readValue());
            assertTrue(out.isEmpty());
        }
        assertEquals(fieldNames(fromTopology), fieldNames(fromCli));
        fromCli.remove("scoredAt");
        fromTopology.remove("scoredAt");
        assertEquals(fromTopology, fromCli);
    }

    @Test
    void shouldReportBadLinesWithLineNumbersAndKeepGoing() throws IOException {
        final Run run = scoreDirectly(String.join("\n",
                "{\"id\":\"ok-1\",\"features\":[1,2,3]}",
                "{\"id\":\"bad\",\"features\":[1,NaN,3]}",
                "",
                "not json",
                "{\"id\":\"ok-2\",\"features\":[0,0,0]}",
                "{\"features\":[1,2,3]}",
                "{\"id\":\"big\",\"features\":[1e308,-1e308,0]}",
                "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":2}}",
                "   ",
                "{\"id\":\"ok-3\",\"features\":[1,1,1]}") + "\n");
        assertEquals(5, run.code());
        final List<String> err = run.errLines();
        assertEquals(5, err.size(), run.err());
        assertEquals("line 2: features[1] is NaN", err.get(0));
        assertTrue(err.get(1).startsWith("line 4: value is not valid JSON"), err.get(1));
        assertEquals("line 6: id is missing", err.get(2));
        assertTrue(err.get(3).startsWith("line 7: logit is Infinity"), err.get(3));
        assertEquals("line 8: features.c is missing", err.get(4));
        final List<JsonNode> lines = run.lines();
        assertEquals(List.of("ok-1", "ok-2", "ok-3"), lines.stream().map(n -> n.get("id").asText()).toList());
    }

    @Test
    void shouldCountCrLfLinesLikeLfLines() throws IOException {
        final Run run = scoreDirectly("{\"id\":\"a\",\"features\":[1,2,3]}\r\n{\"id\":\"b\",\"features\":[1,2]}\r\n");
        assertEquals(1, run.code());
        assertEquals(List.of("line 2: features has 2 values but model tiny version 7 expects 3"), run.errLines());
        assertEquals(1, run.lines().size());
    }

    @Test
    void shouldRejectInvalidUtf8LineLikeTheTopology() throws IOException {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes("{\"id\":\"m".getBytes(StandardCharsets.UTF_8));
        in.write(0xFF);
        in.writeBytes("\",\"features\":[1,2,3]}\n".getBytes(StandardCharsets.UTF_8));
        final Run run = scoreDirectly(in.toByteArray());
        assertEquals(1, run.code(), "invalid UTF-8 must be reported, got stdout: " + run.out());
        assertTrue(run.err().startsWith("line 1: "), run.err());
        assertTrue(run.err().contains("UTF-8"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldHonourExplainTopAndMissingFeatureOptions() throws IOException {
        final Run none = scoreDirectly("{\"id\":\"m\",\"features\":[1,2,3]}\n", "--explain-top", "0");
        assertFalse(none.lines().get(0).has("topFeatures"));
        final Run one = scoreDirectly("{\"id\":\"m\",\"features\":[1,3,0.5]}\n", "--explain-top", "1");
        assertEquals(1, one.lines().get(0).get("topFeatures").size());
        assertEquals("b", one.lines().get(0).at("/topFeatures/0/feature").asText());
        final Run zero = scoreDirectly("{\"id\":\"m\",\"features\":{\"a\":1}}\n", "--missing-features", "ZERO");
        assertEquals(0, zero.code());
        assertEquals(logistic(2.0 - 0.5), zero.lines().get(0).get("spamProbability").asDouble(), 1e-15);
    }

    @Test
    void shouldExitZeroWhenEveryLineScores() throws IOException {
        final Run run = main("{\"id\":\"m1\",\"features\":[1,2,3]}\n\n{\"id\":\"m2\",\"features\":[3,2,1]}\n",
                "score", "--model", TINY);
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("m1", "m2"), run.lines().stream().map(n -> n.get("id").asText()).toList());
    }

    @Test
    void shouldExitOneWhenAnyLineFails() throws IOException {
        final Run run = main("{\"id\":\"m1\",\"features\":[1,2,3]}\n{\"id\":\"m2\",\"features\":[3,2]}\n",
                "score", "--model", TINY);
        assertEquals(1, run.code());
        assertTrue(run.err().contains("line 2: features has 2 values"), run.err());
        assertEquals(1, run.lines().size());
    }

    @Test
    void shouldPrintUsageForHelp() {
        final Run run = main("", "score", "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("Usage:"), run.out());
        assertTrue(run.out().contains("score"), run.out());
        assertTrue(run.out().contains("--model"), run.out());
        assertTrue(run.out().contains("--explain-top"), run.out());
    }

    @Test
    void shouldReportMissingModelFileClearly(@TempDir final Path dir) {
        final Path missing = dir.resolve("no-such-model.json");
        final Run run = main("{\"id\":\"m\",\"features\":[1,2,3]}\n", "score", "--model", missing.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("model file " + missing + " does not exist"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace expected: " + run.err());
    }

    @Test
    void shouldRejectExplainTopAboveTheLimitTheConfigKeyHas() {
        final Run run = main("", "score", "--model", TINY, "--explain-top", "1001");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--explain-top"), run.err());
    }

    @Test
    void shouldRejectNegativeExplainTop() {
        final Run run = main("", "score", "--model", TINY, "--explain-top", "-1");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--explain-top"), run.err());
    }

    @Test
    void shouldReportALineOverTheSizeLimitWithoutReadingItAllAndScoreTheLinesAround() throws IOException {
        final byte[] good1 = "{\"id\":\"m1\",\"features\":[1,2,3]}\n".getBytes(StandardCharsets.UTF_8);
        final byte[] good2 = "{\"id\":\"m2\",\"features\":[3,2,1]}\n".getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(good1);
        in.writeBytes(("{\"id\":\"big\",\"note\":\"" + "z".repeat(3 * 1024 * 1024) + "\",\"features\":[1,2,3]}\n")
                .getBytes(StandardCharsets.UTF_8));
        in.writeBytes(good2);
        final Run run = scoreDirectly(in.toByteArray());
        assertEquals(1, run.code());
        assertEquals(List.of("line 2: value is over 1048576 bytes"), run.errLines());
        assertEquals(List.of("m1", "m2"), run.lines().stream().map(n -> n.get("id").asText()).toList());
    }

    @Test
    void shouldAcceptTheMissingFeaturesPolicyInAnyCase() throws IOException {
        for (final String policy : List.of("zero", "Zero", "ZERO")) {
            final Run run = main("{\"id\":\"m\",\"features\":{\"a\":1}}\n", "score", "--model", TINY,
                    "--missing-features", policy);
            assertEquals(0, run.code(), policy + ": " + run.err());
            assertEquals(logistic(2.0 - 0.5), run.lines().get(0).get("spamProbability").asDouble(), 1e-15);
        }
        final Run reject = main("{\"id\":\"m\",\"features\":{\"a\":1}}\n", "score", "--model", TINY,
                "--missing-features", "reject");
        assertEquals(1, reject.code(), reject.err());
    }
}
