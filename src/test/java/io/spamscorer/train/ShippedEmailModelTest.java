package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    private static final Path MODEL = Path.of("config/email-words-model.json");
    private static final Path CORPUS = Path.of("/work/shared/data/spamassassin-train");

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

    /** Only where the training corpus is at hand (not in CI): the shipped file is what the trainer writes. */
    @Test
    void shouldBeWhatTheTrainerWritesFromTheCorpus() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "training corpus not present");
        final MailTrainer.Result r = MailTrainer.train(MailCorpus.read(CORPUS, EmailLimits.defaults()),
                "spamassassin-train", MailTrainer.Request.wordsDefaults("spamassassin-words", "1"),
                CrossValidation.FoldListener.NONE);
        assertArrayEquals(Files.readAllBytes(MODEL), r.json());
    }
}
