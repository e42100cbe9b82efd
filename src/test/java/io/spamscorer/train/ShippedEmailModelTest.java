package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.features.FeaturizerSpec;
import io.spamscorer.features.WordFeaturizer;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.Contribution;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Score;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShippedEmailModelTest {

    private static final Path MODEL = Path.of("config/email-model.json");
    /** The training half of the corpus copy in this repository (data/README.md): the demo half is held out. */
    private static final Path CORPUS = Path.of("data/mail/train");

    @Test
    void shouldLoadWithAFeaturizerBuiltFromTheTrainersDefaults() throws IOException {
        final Model model = ModelLoader.load(MODEL);
        final JsonNode root = Json.mapper().readTree(MODEL.toFile());
        final WordFeaturizer f = (WordFeaturizer) FeaturizerSpec.fromModel(root);
        assertEquals(WordSettings.defaults().tokens(), f.options());
        assertEquals(model.features(), f.featureNames());
        assertEquals(MailTrainer.DEFAULT_MAX_FALSE_POSITIVE_RATE,
                root.get("training").get("crossValidation").get("maxFalsePositiveRate").asDouble());
    }

    @Test
    void shouldExplainASpamByWordsItContains() {
        final Model model = ModelLoader.load(MODEL);
        final WordFeaturizer f = (WordFeaturizer) FeaturizerSpec.fromModel(readModel());
        final String raw = "From: Best Deals <deals@promo.example>\r\nSubject: FREE money, guaranteed\r\n"
                + "Content-Type: text/html\r\n\r\n<html><body><p>Click here to get your free money now! Guaranteed "
                + "income from home. To be removed from our list click below.</p></body></html>\r\n";
        final Score s = model.score(f.featurizeDense(new EmailParser(EmailLimits.defaults())
                .parse(raw.getBytes(StandardCharsets.US_ASCII))), 5);
        assertTrue(s.spam(), "scored " + s.spamProbability());
        for (final Contribution c : s.topFeatures()) {
            assertTrue(c.contribution() > 0, "top feature " + c.feature() + " " + c.contribution());
        }
    }

    private static JsonNode readModel() {
        try {
            return Json.mapper().readTree(MODEL.toFile());
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The shipped file is exactly what the documented command writes: {@code train --mail data/mail/train --out
     * config/email-model.json --name spamassassin-words --version 1 --seed 42 --folds 10} (featurizer words and a
     * 0.004 false-positive budget by default), retrained here from the corpus in the repository.
     */
    @Test
    void shouldBeWhatTheDocumentedTrainCommandWritesFromDataMailTrain() throws IOException {
        final Path out = Files.createTempDirectory("email-model").resolve("email-model.json");
        final picocli.CommandLine cli = io.spamscorer.cli.Main.commandLine();
        final java.io.StringWriter printed = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(printed, true));
        cli.setErr(new java.io.PrintWriter(printed, true));
        final int exit = cli.execute("train", "--mail", CORPUS.toString(), "--out",
                out.toString(), "--name", "spamassassin-words", "--version", "1", "--seed", "42", "--folds", "10");
        assertEquals(0, exit, printed.toString());
        assertArrayEquals(Files.readAllBytes(MODEL), Files.readAllBytes(out));
        Files.delete(out);
        Files.delete(out.getParent());
    }

    @Test
    void shouldHoldOutTheDemoMessagesAndCreditTheCorpus() throws IOException {
        final JsonNode training = readModel().get("training");
        assertEquals("data/mail/train", training.get("data").get("directory").asText());
        assertEquals(2806, training.get("data").get("files").asInt());
        assertEquals(MailTrainer.ATTRIBUTION, training.get("attribution").asText());
        assertEquals(MailCorpus.read(CORPUS, EmailLimits.defaults()).sha256(), training.get("data").get("sha256").asText());
    }
}
