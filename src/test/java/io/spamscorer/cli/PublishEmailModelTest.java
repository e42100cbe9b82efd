package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.model.ModelLoader;
import io.spamscorer.testing.MailModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish-model with scorer.input.format=email: the featurizer rule replaces the feature-order rule (no broker needed). */
class PublishEmailModelTest {

    @TempDir
    Path dir;

    private Path config(final int port) throws IOException {
        final Path reference = dir.resolve("reference.json");
        Files.write(reference, ModelLoader.toJson(MailModels.words("ref", "1", 1)));
        final Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "bootstrap.servers=localhost:" + port + "\nscorer.input.format=email\nscorer.model.path="
                + reference + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static String[] run(final String... args) {
        final StringWriter err = new StringWriter();
        final picocli.CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        return new String[] {String.valueOf(cmd.execute(args)), err.toString()};
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldRefuseAModelWithoutFeaturizerForEmailInputNamingTheField() throws IOException {
        final String[] r = run("publish-model", "--model", "config/model.json", "--config", config(closedPort()).toString());
        assertEquals(String.valueOf(ExitCodes.BAD_INPUT), r[0], r[1]);
        assertEquals("error: config/model.json: model.featurizer is missing, but scorer.input.format is email: a model"
                + " scoring raw messages must say how its features are computed from a message", r[1].strip());
    }

    @Test
    void shouldPassAnotherVocabularyToTheBrokerForEmailInput() throws IOException {
        final Path other = dir.resolve("other.json");
        Files.write(other, ModelLoader.toJson(MailModels.words("other", "2", MailModels.vocabulary().subList(0, 10), 2)));
        final String[] r = run("publish-model", "--model", other.toString(), "--config", config(closedPort()).toString());
        // past the model checks, it fails on the unreachable cluster, not on the features
        assertTrue(!r[1].contains("model.features"), r[1]);
        assertTrue(r[1].contains("localhost"), r[1]);
    }
}
