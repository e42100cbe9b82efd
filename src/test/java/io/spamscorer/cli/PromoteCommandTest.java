package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** promote and publish-model --shadow/--promote: what they refuse before talking to a broker. */
class PromoteCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final picocli.CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    private Path config(final String extra) throws IOException {
        final Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nscorer.model.path=config/model.json\n" + extra, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldRefuseToCheckAPromotionWithoutAnExamplesTopicNamingTheKey() throws IOException {
        final Run r = run("promote", "--config", config("").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertEquals("error: scorer.examples.topic is not set: promote compares the shadow's figures on the labelled"
                + " examples there; set it to the job's examples topic, or promote without the check with --force", r.err().strip());
    }

    @Test
    void shouldRefuseMinExamplesBelowOne() throws IOException {
        final Run r = run("promote", "--config", config("scorer.examples.topic=ex\n").toString(), "--min-examples", "0");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("--min-examples must be >= 1, got 0"), r.err());
    }

    @Test
    void shouldRefuseAWindowThatIsNotADuration() throws IOException {
        final Run r = run("promote", "--config", config("scorer.examples.topic=ex\n").toString(), "--window", "24");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("'24' is not a positive duration such as 90m, 24h or 7d"), r.err());
    }

    @Test
    void shouldRefuseAZeroWindowSayingItMustBePositive() throws IOException {
        final Run r = run("promote", "--config", config("scorer.examples.topic=ex\n").toString(), "--window", "0s");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("'0s' is not a positive duration such as 90m, 24h or 7d (a whole number from 1"), r.err());
    }

    @Test
    void shouldReadWindowsInSecondsMinutesHoursAndDays() {
        final PromoteCommand.WindowConverter c = new PromoteCommand.WindowConverter();
        assertEquals(Duration.ofSeconds(90), c.convert("90s"));
        assertEquals(Duration.ofMinutes(90), c.convert("90m"));
        assertEquals(Duration.ofHours(24), c.convert("24H"));
        assertEquals(Duration.ofDays(7), c.convert("7d"));
        assertEquals("24h", PromoteCommand.WindowConverter.text(Duration.ofHours(24)));
        assertEquals("7d", PromoteCommand.WindowConverter.text(Duration.ofDays(7)));
    }

    @Test
    void shouldStateTheRuleInTheHelp() {
        final Run r = run("promote", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("false-positive rate is no higher and its accuracy no lower"), r.out());
        assertTrue(run("--help").out().contains("promote"));
    }

    @Test
    void shouldRefusePromoteTogetherWithAModel() throws IOException {
        final Run r = run("publish-model", "--promote", "--model", "config/model.json", "--config", config("").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("--promote takes no --model, --shadow or --allow-feature-change"), r.err());
    }

    @Test
    void shouldAskForAModelOrPromote() throws IOException {
        final Run r = run("publish-model", "--config", config("").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("Missing required option: '--model=FILE' (or --promote"), r.err());
    }

    @Test
    void shouldCheckAShadowExactlyAsALiveModel() throws IOException {
        final ObjectNode tree = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(Path.of("config/model.json")));
        for (final String field : List.of("/features", "/weights", "/preprocessing/mean", "/preprocessing/std")) {
            final ArrayNode a = (ArrayNode) tree.at(field);
            final List<JsonNode> items = new ArrayList<>();
            a.forEach(items::add);
            a.removeAll();
            for (int i = items.size() - 1; i >= 0; i--) {
                a.add(items.get(i));
            }
        }
        final Path model = dir.resolve("reversed.json");
        Files.write(model, Json.mapper().writeValueAsBytes(tree));
        final Run r = run("publish-model", "--shadow", "--model", model.toString(), "--config", config("").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: " + model + ": model.features[0] is 'capital_run_length_total' but the"
                + " reference model config/model.json (scorer.model.path) has 'word_freq_make' there"), r.err());
    }
}
