package io.spamscorer.train;

import io.spamscorer.model.Model;
import io.spamscorer.model.ScoringException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified k-fold cross-validation: each class is shuffled with the seed and dealt round-robin into the folds,
 * a neuron is trained on k-1 folds and scores the held-out fold through {@link Model#score}. The result pools the
 * out-of-fold spam probabilities of every row, which feed the metrics and the threshold choice.
 */
public final class CrossValidation {

    /** Receives one line per finished fold. */
    @FunctionalInterface
    public interface FoldListener {
        FoldListener NONE = (fold, folds, heldOut) -> { };

        void foldDone(int fold, int folds, int heldOut);
    }

    /**
     * Out-of-fold results.
     *
     * @param scores spam probability of each row (dataset order) from the model that did not see it
     * @param labels the rows' labels, 1 = spam
     * @param folds  the fold (0-based) each row was held out in
     */
    public record Result(double[] scores, int[] labels, int[] folds) {
        public Metrics metrics(final double threshold) {
            return Metrics.of(scores, labels, threshold);
        }
    }

    private CrossValidation() {
    }

    /** Runs {@code k}-fold CV; fails when a class has fewer rows than folds (a fold would miss that class). */
    public static Result run(final Dataset data, final int k, final HyperParameters hp, final FoldListener listener) {
        data.requireBothClasses();
        final int smaller = Math.min(data.spamCount(), data.hamCount());
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        }
        if (k > smaller) {
            throw new DatasetException(data.source() + ": cannot make " + k + " stratified folds from "
                    + data.spamCount() + " spam and " + data.hamCount() + " ham rows; every fold needs a row of each class");
        }
        final int[] fold = assignFolds(data, k, hp.seed());
        final double[] scores = new double[data.rows()];
        final int[] labels = new int[data.rows()];
        for (int f = 0; f < k; f++) {
            final List<Integer> trainRows = new ArrayList<>();
            final List<Integer> testRows = new ArrayList<>();
            for (int r = 0; r < data.rows(); r++) {
                (fold[r] == f ? testRows : trainRows).add(r);
            }
            final Model model = Trainer.train(data, toArray(trainRows), hp, Trainer.Progress.NONE,
                    Model.builder().name("cv-fold-" + (f + 1)).version("cv").threshold(0.5));
            for (final int r : testRows) {
                try {
                    scores[r] = model.score(data.row(r), 0).spamProbability();
                } catch (final ScoringException e) {
                    // A held-out value far outside the training folds' range can overflow the logit.
                    throw new DatasetException(data.source() + " line " + data.line(r) + ": " + e.getMessage(), e);
                }
                labels[r] = data.label(r);
            }
            listener.foldDone(f + 1, k, testRows.size());
        }
        return new Result(scores, labels, fold);
    }

    /**
     * Shuffles each class's rows with the seed and deals them in turn into folds 0…k-1; the ham deal continues
     * where the spam deal stopped so fold sizes differ by at most one.
     */
    static int[] assignFolds(final Dataset data, final int k, final long seed) {
        final int[] labels = new int[data.rows()];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = data.label(r);
        }
        return assignFolds(labels, k, seed);
    }

    /** {@link #assignFolds(Dataset, int, long)} over bare labels (1 spam, 0 ham), for trainers without a Dataset. */
    static int[] assignFolds(final int[] labels, final int k, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] fold = new int[labels.length];
        int next = 0;
        for (final int cls : new int[] {1, 0}) {
            final List<Integer> members = new ArrayList<>();
            for (int r = 0; r < labels.length; r++) {
                if (labels[r] == cls) {
                    members.add(r);
                }
            }
            final int[] shuffled = toArray(members);
            for (int i = shuffled.length - 1; i > 0; i--) { // Fisher–Yates
                final int j = random.nextInt(i + 1);
                final int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            for (final int r : shuffled) {
                fold[r] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    private static int[] toArray(final List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
