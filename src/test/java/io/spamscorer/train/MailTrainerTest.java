package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.features.Featurizer;
import io.spamscorer.features.FeaturizerSpec;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailTrainerTest {

    private static final List<String> HAM_WORDS = List.of("meeting", "patch", "kernel", "thanks", "review", "build",
            "release", "list", "question", "debian");
    private static final List<String> SPAM_WORDS = List.of("free", "money", "click", "offer", "guaranteed", "remove",
            "viagra", "cash", "winner", "mortgage");
    private static final List<String> COMMON = List.of("the", "and", "you", "this", "for", "with");

    @TempDir
    static Path dir;

    /** 40 ham and 20 spam messages of random words; two of each class borrow the other class's words. */
    @BeforeAll
    static void writeCorpus() throws IOException {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 60; i++) {
            final boolean spam = i >= 40;
            final boolean odd = i % 20 < 2;
            final List<String> words = spam != odd ? SPAM_WORDS : HAM_WORDS;
            final StringBuilder body = new StringBuilder();
            for (int w = 0; w < 30; w++) {
                body.append(random.nextInt(3) == 0 ? COMMON.get(random.nextInt(COMMON.size()))
                        : words.get(random.nextInt(words.size()))).append(' ');
            }
            final String raw = "From: " + (spam ? "deals@promo.example" : "dev@lists.example") + "\r\n"
                    + "Subject: " + words.get(random.nextInt(words.size())) + " " + i + "\r\n"
                    + "Date: Mon, " + (1 + i % 28) + " Jul 2002 10:00:00 +0000\r\n"
                    + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n";
            final Path sub = dir.resolve(spam ? "spam" : "ham").resolve(i % 2 == 0 ? "a" : "b/c");
            Files.createDirectories(sub);
            Files.write(sub.resolve(String.format("%05d", i)), raw.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static MailTrainer.Request request(final String featurizer, final long seed) {
        final MailTrainer.Request d = MailTrainer.Request.wordsDefaults("test-words", "1");
        final WordSettings w = new WordSettings(d.words().tokens(), 2, 0, 1e-2, 1.0, 200);
        return new MailTrainer.Request(featurizer, d.name(), d.version(), seed, 5, 0.05, w, d.spambase(), d.attribution());
    }

    @Test
    void shouldReadHamAndSpamFoldersRecursivelyInPathOrder() {
        final MailCorpus corpus = MailCorpus.read(dir, EmailLimits.defaults());
        assertEquals(40, corpus.hamCount());
        assertEquals(20, corpus.spamCount());
        assertEquals("ham/a/00000", corpus.mails().get(0).path());
        assertEquals("ham/b/c/00001", corpus.mails().get(20).path());
    }

    @Test
    void shouldNameTheMissingFolder(@TempDir final Path empty) throws IOException {
        Files.createDirectories(empty.resolve("ham"));
        final DatasetException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> MailCorpus.read(empty, EmailLimits.defaults()));
        assertEquals(empty + ": has no spam/ folder; a mail corpus needs ham/ and spam/", e.getMessage());
    }

    @Test
    void shouldRefuseACorpusWithOneClass(@TempDir final Path one) throws IOException {
        Files.createDirectories(one.resolve("spam"));
        Files.createDirectories(one.resolve("ham"));
        Files.writeString(one.resolve("ham/1"), "Subject: hi\r\n\r\nhello\r\n");
        final DatasetException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> MailCorpus.read(one, EmailLimits.defaults()));
        assertEquals(one + ": has 1 ham and 0 spam messages; training needs both", e.getMessage());
    }

    @Test
    void shouldGiveTheSameBytesForTheSameSeed() {
        for (final String featurizer : List.of("words", "spambase")) {
            final byte[] a = MailTrainer.train(dir, request(featurizer, 42), CrossValidation.FoldListener.NONE).json();
            final byte[] b = MailTrainer.train(dir, request(featurizer, 42), CrossValidation.FoldListener.NONE).json();
            assertArrayEquals(a, b, featurizer);
        }
    }

    @Test
    void shouldWriteAModelFileWhoseFeaturizerReproducesTheTrainingScores() throws IOException {
        final MailTrainer.Result r = MailTrainer.train(dir, request("words", 42), CrossValidation.FoldListener.NONE);
        final byte[] json = r.json();
        final JsonNode root = Json.mapper().readTree(json);
        assertEquals("words", root.get("featurizer").get("type").asText());
        assertEquals(MailTrainer.ATTRIBUTION, root.get("training").get("attribution").asText());
        assertEquals(60, root.get("training").get("data").get("files").asInt());
        assertNotNull(root.get("training").get("crossValidation").get("rocAuc"));
        final Model model = ModelLoader.parse(json);
        final Featurizer featurizer = FeaturizerSpec.fromModel(root);
        final MailCorpus corpus = MailCorpus.read(dir, EmailLimits.defaults());
        int correct = 0;
        for (final MailCorpus.Mail m : corpus.mails()) {
            final double p = model.score(featurizer.featurizeDense(m.email()), 0).spamProbability();
            assertEquals(r.scoring().score(r.featurizer().featurizeDense(m.email()), 0).spamProbability(), p);
            correct += (p >= model.threshold()) == (m.label() == 1) ? 1 : 0;
        }
        assertTrue(correct >= 56, correct + " of 60 right on the training messages");
    }

    @Test
    void shouldTrainASpambaseModelWithItsPreprocessing() {
        final MailTrainer.Result r = MailTrainer.train(dir, request("spambase", 42), CrossValidation.FoldListener.NONE);
        assertEquals(57, r.scoring().featureCount());
        assertNotNull(r.scoring().preprocessing());
        assertEquals("spambase", r.model().get("featurizer").get("type").asText());
    }
}
