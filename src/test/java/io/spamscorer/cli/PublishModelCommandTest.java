package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish-model's checks that need no broker: the model, the reference model, and an unreachable cluster. */
class PublishModelCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter err = new StringWriter();
        final picocli.CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), err.toString());
    }

    private Path config(final String modelPath, final String bootstrap) throws IOException {
        final Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "bootstrap.servers=" + bootstrap + "\nscorer.model.path=" + modelPath + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** The shipped model with features, weights, mean and std reversed. */
    private Path reversedShippedModel() throws IOException {
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
        tree.put("version", "reversed");
        final Path file = dir.resolve("reversed.json");
        Files.write(file, Json.mapper().writeValueAsBytes(tree));
        return file;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldRefuseTheSameModelWithItsFeaturesReorderedNamingTheFirstPosition() throws IOException {
        final Path model = reversedShippedModel();
        final Run r = run("publish-model", "--model", model.toString(), "--config", config("config/model.json", "127.0.0.1:1").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertEquals("error: " + model + ": model.features[0] is 'capital_run_length_total' but the reference model"
                + " config/model.json (scorer.model.path) has 'word_freq_make' there; positional records send values in that"
                + " order, so a model with other features must declare \"inputs\": \"named-only\" (publish-model"
                + " --allow-feature-change)", r.err().strip());
        assertFalse(r.err().contains("running job"), r.err());
    }

    @Test
    void shouldFailWhenTheReferenceModelCannotBeReadInsteadOfSkippingTheCheck() throws IOException {
        final Path missing = dir.resolve("container/path/model.json");
        final Run r = run("publish-model", "--model", reversedShippedModel().toString(), "--config",
                config(missing.toString(), "127.0.0.1:1").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: cannot read the reference model scorer.model.path=" + missing + " ("), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void shouldSayTooLargeInOneLineForAnEndlessModelFile() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")), "needs /dev/zero");
        final Run r = run("publish-model", "--model", "/dev/zero", "--config", config("config/model.json", "127.0.0.1:1").toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.err());
        assertEquals("error: model file /dev/zero is too large: more than 67108864 bytes; the model file limit is 67108864"
                + " bytes (64 MiB)", r.err().strip());
    }

    @Test
    void shouldSayTheClusterCannotBeReachedRatherThanThatTheTopicIsMissing() throws IOException {
        final String servers = "127.0.0.1:" + closedPort();
        final Path retrained = dir.resolve("v2.json");
        final ObjectNode tree = ModelLoader.toTree(ModelLoader.load(Path.of("config/model.json")));
        tree.put("version", "2");
        Files.write(retrained, Json.mapper().writeValueAsBytes(tree));
        final Run r = run("publish-model", "--model", retrained.toString(), "--config", config("config/model.json", servers).toString());
        assertEquals(ExitCodes.FAILED, r.exitCode(), r.err());
        assertEquals("error: cannot reach Kafka at bootstrap.servers=" + servers + " within 15 s; check the address and that"
                + " the brokers are up", r.err().strip());
    }
}
