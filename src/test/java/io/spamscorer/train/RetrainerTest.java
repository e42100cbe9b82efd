package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.features.Featurizer;
import io.spamscorer.features.FeaturizerSpec;
import io.spamscorer.features.SparseVector;
import io.spamscorer.feedback.Example;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Transform;
import io.spamscorer.testing.MailModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retrain}'s training: the live model's features, featurizer and trainer, new weights, without Kafka. */
class RetrainerTest {

    private static final Retrainer.Request REQUEST = new Retrainer.Request("1-retrained", 3, 42L, null, "examples-topic");

    @TempDir
    Path dir;

    /** The test messages, featurized by {@code live}'s own featurizer, as the join would capture them. */
    private static List<Example> mailExamples(final Model live) {
        final EmailParser parser = new EmailParser(EmailLimits.defaults());
        final Featurizer f = live.featurizer();
        final List<Example> out = new ArrayList<>();
        for (final String m : MailModels.MESSAGES) {
            final SparseVector v = f.featurize(parser.parse(MailModels.bytes(m)));
            final Map<String, Double> named = new LinkedHashMap<>();
            for (int k = 0; k < v.size(); k++) {
                named.put(live.features().get(v.index(k)), v.value(k));
            }
            out.add(ExampleDatasetTest.example(m, m.startsWith("spam/"), named));
        }
        return out;
    }

    @Test
    void shouldRetrainAWordsModelOverItsOwnVocabularyAndKeepItsFeaturizer() {
        final Model live = MailModels.words("words", "7", 3);
        final ExampleDataset examples = ExampleDataset.of(mailExamples(live), live.features());

        final Retrainer.Result r = Retrainer.retrain(live, examples, null,
                new Retrainer.Request(Retrainer.version(live, examples), 3, 42L, null, "examples-topic"),
                CrossValidation.FoldListener.NONE);

        final Model m = r.model();
        assertEquals("words", m.name());
        assertEquals("7-retrained-12", m.version());
        assertEquals(live.features(), m.features());
        assertEquals(FeaturizerSpec.write(live.featurizer()), FeaturizerSpec.write(m.featurizer()));
        assertEquals(12, r.rows());
        assertEquals(12, r.cv().rows());
        assertEquals("7", m.training().path("retrainedFrom").path("version").asText());
        assertEquals(12, m.training().path("data").path("examples").path("used").asInt());
        assertEquals(3, m.training().path("crossValidation").path("folds").asInt());
        assertEquals(m, ModelLoader.parse(r.json()));
        assertEquals(12, ScoreHistogram.fromTraining(m.training()).total(), "the drift reference: every out-of-fold score");
        // fitted to the labels: every training message now lands on its side of the threshold
        for (final Example e : mailExamples(live)) {
            final double p = m.score(m.featurizer().featurize(new EmailParser(EmailLimits.defaults())
                    .parse(MailModels.bytes(e.id()))), 0).spamProbability();
            assertEquals(e.label().isSpam(), p >= m.threshold(), e.id() + " scored " + p);
        }
    }

    private static Model toyLive() {
        final Dataset toy = Dataset.parse("toy.csv", "toy.csv", Csv.toy(40).getBytes(StandardCharsets.UTF_8), "spam");
        return Trainer.train(toy, IntStream.range(0, toy.rows()).toArray(),
                new HyperParameters(Transform.LOG1P, 20, 1.0, 1e-3, 1), Trainer.Progress.NONE,
                Model.builder().name("toy").version("1").threshold(0.5).training(Json.mapper().createObjectNode()
                        .set("hyperParameters", Json.mapper().createObjectNode().put("epochs", 20))));
    }

    private static List<Example> toyExamples(final int rows) {
        final Dataset toy = Dataset.parse("toy.csv", "toy.csv", Csv.toy(rows).getBytes(StandardCharsets.UTF_8), "spam");
        final List<Example> out = new ArrayList<>();
        for (int r = 0; r < toy.rows(); r++) {
            final double[] x = toy.row(r);
            out.add(ExampleDatasetTest.example(String.format("id-%04d", r), toy.label(r) == 1,
                    Map.of("a", x[0], "b", x[1], "c", x[2], "not-a-feature", 1.0)));
        }
        return out;
    }

    @Test
    void shouldRetrainAPreprocessedModelWithTheGradientDescentTrainer() {
        final Model live = toyLive();
        final ExampleDataset examples = ExampleDataset.of(toyExamples(60), live.features());

        final Retrainer.Result r = Retrainer.retrain(live, examples, null, REQUEST, CrossValidation.FoldListener.NONE);

        assertEquals(List.of("a", "b", "c"), r.model().features());
        assertNotNull(r.model().preprocessing());
        assertEquals(Transform.LOG1P, r.model().preprocessing().transform());
        assertEquals(60, r.cv().rows());
        assertEquals(60, ScoreHistogram.fromTraining(r.model().training()).total());
        assertTrue(r.cv().accuracy() > 0.9, "cv accuracy " + r.cv().accuracy());
        assertEquals(60, r.model().training().path("data").path("examples").path("unknownFeatureValues").asInt());
        assertEquals(20, r.model().training().path("hyperParameters").path("epochs").asInt(), "the live model's epochs");
    }

    @Test
    void shouldAddTheBaseCorpusMappedOntoTheLiveFeatures() {
        final Model live = toyLive();
        final ExampleDataset examples = ExampleDataset.of(toyExamples(12), live.features());
        // the base CSV has its columns in another order and one more column, which is not a feature of the model
        final StringBuilder csv = new StringBuilder("extra,c,b,a,spam\n");
        for (int i = 0; i < 30; i++) {
            csv.append("9,0.1,").append(i % 2 == 1 ? 0.2 : 1.5).append(',').append(i % 2 == 1 ? 2.0 : 0.5).append(',')
                    .append(i % 2).append('\n');
        }
        final RetrainBase base = RetrainBase.csv(Csv.write(dir, "base.csv", csv.toString()), live);

        final Retrainer.Result r = Retrainer.retrain(live, examples, base, REQUEST, CrossValidation.FoldListener.NONE);

        assertEquals(42, r.rows());
        assertEquals(21, r.spam());
        assertArrayEquals(new double[] {2.0, 0.2, 0.1}, base.rows().get(1).toDense());
        assertEquals("base.csv", r.model().training().path("data").path("base").path("file").asText());
    }

    @Test
    void shouldRefuseExamplesOfOneClassAndSayWhatToAdd() {
        final Model live = toyLive();
        final List<Example> spamOnly = toyExamples(20).stream().filter(e -> e.label().isSpam()).toList();

        final DatasetException e = assertThrows(DatasetException.class, () -> Retrainer.retrain(live,
                ExampleDataset.of(spamOnly, live.features()), null, REQUEST, CrossValidation.FoldListener.NONE));

        assertEquals("all 10 training rows are spam; retraining needs both spam and ham (label some ham, or add a base "
                + "corpus with --base-mail DIR or --base-data CSV)", e.getMessage());
    }

    @Test
    void shouldRefuseABaseMailDirectoryForAModelWithoutAFeaturizer() {
        final DatasetException e = assertThrows(DatasetException.class,
                () -> RetrainBase.mail(dir, "mail", toyLive()));
        assertTrue(e.getMessage().startsWith("--base-mail needs a live model that carries a featurizer"), e.getMessage());
    }
}
