package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.features.SparseVector;
import io.spamscorer.features.WordFeaturizer;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.testing.MailModels;
import io.spamscorer.train.WordSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Model#score(SparseVector, int)} gives exactly the Score of the dense path: logit and probability bit for bit,
 * label, and topFeatures (names, contributions bit for bit, order).
 */
class SparseScoreTest {

    private static final int[] TOP_K = {0, 1, 3, 10, 1000};
    private static final EmailParser PARSER = new EmailParser(EmailLimits.defaults());

    static void assertSameScore(final Score dense, final Score sparse, final String what) {
        assertEquals(Double.doubleToRawLongBits(dense.logit()), Double.doubleToRawLongBits(sparse.logit()),
                what + ": logit " + dense.logit() + " vs " + sparse.logit());
        assertEquals(Double.doubleToRawLongBits(dense.spamProbability()),
                Double.doubleToRawLongBits(sparse.spamProbability()), what + ": probability");
        assertEquals(dense.label(), sparse.label(), what + ": label");
        assertEquals(dense.model(), sparse.model(), what + ": model");
        // record equality compares doubles with Double.compare, so -0.0 and 0.0 differ too
        assertEquals(dense.topFeatures(), sparse.topFeatures(), what + ": topFeatures");
    }

    private static void assertSparseEqualsDense(final Model m, final SparseVector x, final String what) {
        for (final int k : TOP_K) {
            assertSameScore(m.score(x.toDense(), k), m.score(x, k), what + " top " + k);
        }
    }

    @Test
    void shouldScoreRealMessagesSparseExactlyAsDenseWithAWordsModel() {
        final Model m = MailModels.words("w", "1", 5);
        for (final String name : MailModels.MESSAGES) {
            final SparseVector x = m.featurizer().featurize(PARSER.parse(MailModels.bytes(name)));
            assertTrue(x.size() > 0 && x.size() < m.featureCount(), name + " has " + x.size() + " tokens");
            assertSparseEqualsDense(m, x, name);
        }
    }

    @Test
    void shouldScoreRealMessagesSparseExactlyAsDenseWithTheShippedSpambaseModel() {
        final Model m = MailModels.spambase();
        for (final String name : MailModels.MESSAGES) {
            assertSparseEqualsDense(m, m.featurizer().featurize(PARSER.parse(MailModels.bytes(name))), name);
        }
    }

    /** The trained words model shipped for raw email (10k+ tokens), on the real messages. */
    @Test
    void shouldScoreRealMessagesSparseExactlyAsDenseWithTheShippedEmailModel() {
        final java.nio.file.Path shipped = java.nio.file.Path.of("config/email-words-model.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(shipped), shipped + " not shipped");
        final Model m = ModelLoader.load(shipped);
        int spam = 0;
        for (final String name : MailModels.MESSAGES) {
            final SparseVector x = m.featurizer().featurize(PARSER.parse(MailModels.bytes(name)));
            assertSparseEqualsDense(m, x, name);
            spam += m.score(x, 0).spam() ? 1 : 0;
        }
        assertTrue(spam > 0, "some of the real messages score as spam");
    }

    @Test
    void shouldNeverListAnAbsentWordAmongTheTopFeatures() {
        final List<String> vocabulary = List.of("free", "money", "meeting", "patch", "zebra");
        final Model m = MailModels.words("w", "1", vocabulary, 9);
        final Email email = PARSER.parse("Subject: hello\r\n\r\nfree money now\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final SparseVector x = m.featurizer().featurize(email);
        assertEquals(2, x.size());
        for (final Score s : List.of(m.score(x, 5), m.score(x.toDense(), 5))) {
            assertEquals(List.of("free", "money"), s.topFeatures().stream().map(Contribution::feature).sorted().toList());
        }
    }

    @Test
    void shouldKeepModelOrderForTiedContributions() {
        final List<String> vocabulary = List.of("a", "b", "c", "d");
        final Model m = Model.builder().name("t").version("1").features(vocabulary).weights(new double[] {1, -2, 2, 2})
                .bias(0.5).threshold(0.5).featurizer(new WordFeaturizer(WordSettings.defaults().tokens(), vocabulary)).build();
        final SparseVector x = new SparseVector(4, new int[] {1, 2, 3}, new double[] {1, 1, 1});
        assertEquals(List.of("b", "c"), m.score(x, 2).topFeatures().stream().map(Contribution::feature).toList());
        assertSparseEqualsDense(m, x, "ties");
    }

    @Test
    void shouldKeepTheDenseSignOfAZeroLogit() {
        // dense: -0.0 + (1 * +0.0) = +0.0; a sum over the stored entries alone would stay -0.0
        final Model m = Model.builder().name("z").version("1").features(List.of("a", "b")).weights(new double[] {1, 2})
                .bias(-0.0).threshold(0.5).build();
        final SparseVector empty = new SparseVector(2, new int[0], new double[0]);
        assertEquals(0L, Double.doubleToRawLongBits(m.score(empty, 3).logit()));
        assertSparseEqualsDense(m, empty, "empty");
        final SparseVector cancel = new SparseVector(2, new int[] {0, 1}, new double[] {-1, 0.25});
        assertSparseEqualsDense(m, cancel, "cancelling");
    }

    @Test
    void shouldScoreRandomSparseVectorsExactlyAsDense() {
        final SplittableRandom random = new SplittableRandom(20261130L);
        for (int round = 0; round < 300; round++) {
            final int n = 1 + random.nextInt(60);
            final Model m = randomModel(random, n, round % 3);
            for (int v = 0; v < 10; v++) {
                final List<Integer> idx = new ArrayList<>();
                final List<Double> val = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (random.nextInt(4) == 0) {
                        idx.add(i);
                        final int kind = random.nextInt(6);
                        val.add(kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind == 2 ? 1.0 : random.nextDouble(-0.9, 5));
                    }
                }
                final SparseVector x = new SparseVector(n, idx.stream().mapToInt(Integer::intValue).toArray(),
                        val.stream().mapToDouble(Double::doubleValue).toArray());
                assertSparseEqualsDense(m, x, "round " + round + " vector " + v);
            }
        }
    }

    /** kind 0: no preprocessing; 1: log1p with mean 0 (0 still maps to 0); 2: log1p z-score (every feature counts). */
    private static Model randomModel(final SplittableRandom random, final int n, final int kind) {
        final List<String> names = new ArrayList<>();
        final double[] w = new double[n];
        final double[] mean = new double[n];
        final double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            names.add("f" + i);
            // small integers make ties and exact cancellation likely
            w[i] = random.nextBoolean() ? random.nextInt(-2, 3) : random.nextDouble(-2, 2);
            mean[i] = kind == 2 ? random.nextDouble(-1, 1) : 0;
            std[i] = random.nextDouble(0.5, 2);
        }
        final ModelBuilder b = Model.builder().name("r").version("1").features(names).weights(w)
                .bias(random.nextBoolean() ? 0.0 : random.nextInt(-2, 3)).threshold(0.5);
        if (kind > 0) {
            b.preprocessing(Transform.LOG1P, mean, std);
        }
        return b.build();
    }

    @Test
    void shouldRejectAVectorOfAnotherDimensionNamingBoth() {
        final Model m = MailModels.words("w", "1", List.of("a", "b"), 1);
        final ScoringException e = assertThrows(ScoringException.class,
                () -> m.score(new SparseVector(3, new int[0], new double[0]), 3));
        assertEquals("features has 3 values but model w expects 2", e.getMessage());
    }

    @Test
    void shouldThrowLikeDenseWhenAPresentValueCannotBeTransformed() {
        final Model m = Model.builder().name("l").version("1").features(List.of("a", "b")).weights(new double[] {1, 1})
                .bias(0).threshold(0.5).preprocessing(Transform.LOG1P, new double[] {0, 0}, new double[] {1, 1}).build();
        final SparseVector x = new SparseVector(2, new int[] {1}, new double[] {-1});
        final ScoringException sparse = assertThrows(ScoringException.class, () -> m.score(x, 1));
        final ScoringException dense = assertThrows(ScoringException.class, () -> m.score(x.toDense(), 1));
        assertEquals(dense.getMessage(), sparse.getMessage());
    }
}
