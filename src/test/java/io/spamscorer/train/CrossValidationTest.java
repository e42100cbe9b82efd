package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.model.Transform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

    private static final Dataset SPAMBASE = Dataset.read(Path.of("data/spambase.csv"), "spam");

    @Test
    void shouldReachQualityBarOnSpambaseWithTenFoldCv() {
        final HyperParameters hp = HyperParameters.defaults();
        assertEquals(Transform.LOG1P, hp.transform());
        assertEquals(42L, hp.seed());
        final Metrics m = CrossValidation.run(SPAMBASE, 10, hp, CrossValidation.FoldListener.NONE).metrics(0.5);
        assertEquals(4601, m.rows());
        assertTrue(m.accuracy() >= 0.935, "accuracy " + m.accuracy());
        assertTrue(m.rocAuc() >= 0.975, "AUC " + m.rocAuc());
    }

    @Test
    void shouldDealStratifiedFoldsOfNearlyEqualSize() {
        final int k = 10;
        final int[] fold = CrossValidation.assignFolds(SPAMBASE, k, 42);
        final int[] size = new int[k];
        final int[] spam = new int[k];
        for (int r = 0; r < fold.length; r++) {
            size[fold[r]]++;
            spam[fold[r]] += SPAMBASE.label(r);
        }
        assertTrue(Arrays.stream(size).max().getAsInt() - Arrays.stream(size).min().getAsInt() <= 1, Arrays.toString(size));
        assertTrue(Arrays.stream(spam).max().getAsInt() - Arrays.stream(spam).min().getAsInt() <= 1, Arrays.toString(spam));
        assertArrayEquals(fold, CrossValidation.assignFolds(SPAMBASE, k, 42));
        assertTrue(!Arrays.equals(fold, CrossValidation.assignFolds(SPAMBASE, k, 43)));
    }

    @Test
    void shouldShuffleRatherThanSplitByPosition() {
        // The file lists all spam first: positional folds would leave the first folds spam-only.
        final int[] fold = CrossValidation.assignFolds(SPAMBASE, 10, 42);
        final int[] firstHundred = Arrays.copyOf(fold, 100);
        assertTrue(Arrays.stream(firstHundred).distinct().count() == 10);
    }

    @Test
    void shouldPoolOutOfFoldScoresForEveryRow() {
        final Dataset toy = Dataset.parse("toy.csv", "toy.csv", Csv.toy(60).getBytes(StandardCharsets.UTF_8), "spam");
        final CrossValidation.Result r = CrossValidation.run(toy, 3,
                new HyperParameters(Transform.NONE, 100, 1.0, 0.0, 42), CrossValidation.FoldListener.NONE);
        assertEquals(60, r.scores().length);
        assertTrue(Arrays.stream(r.scores()).allMatch(p -> p > 0.0 && p < 1.0));
        for (int i = 0; i < 60; i++) {
            assertEquals(toy.label(i), r.labels()[i]);
        }
    }

    @Test
    void shouldRejectMoreFoldsThanRowsOfSmallerClass() {
        final Dataset tiny = Dataset.parse("t.csv", "t.csv", "a,spam\n1,1\n2,1\n3,0\n".getBytes(StandardCharsets.UTF_8), "spam");
        final DatasetException e = assertThrows(DatasetException.class, () -> CrossValidation.run(tiny, 2,
                HyperParameters.defaults(), CrossValidation.FoldListener.NONE));
        assertEquals("t.csv: cannot make 2 stratified folds from 2 spam and 1 ham rows; every fold needs a row of each class", e.getMessage());
    }
}
