package io.spamscorer.train;

import io.spamscorer.features.SparseVector;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits a words model on some messages of a {@link TokenizedCorpus}: the vocabulary is chosen from those messages
 * only, then {@link SparseLogistic} fits weights and bias. Cross-validation repeats both steps per fold, so no
 * held-out message ever influences the vocabulary it is scored with.
 */
final class WordTrainer {

    private WordTrainer() {
    }

    /** Fits on {@code rows} and completes {@code identity} (name, version, threshold) with features and weights. */
    static Model fit(final TokenizedCorpus corpus, final int[] rows, final WordSettings s, final ModelBuilder identity) {
        final List<String> vocabulary = corpus.vocabulary(rows, s.minDf(), s.maxFeatures());
        if (vocabulary.isEmpty()) {
            throw new TrainingException("no token occurs in " + s.minDf() + " or more training messages; lower minDf");
        }
        final Map<String, Integer> index = TokenizedCorpus.index(vocabulary);
        final List<SparseVector> x = new ArrayList<>(rows.length);
        final int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x.add(corpus.vector(rows[i], index, s.tokens().binary()));
            y[i] = corpus.label(rows[i]);
        }
        final SparseLogistic.Fit fit = SparseLogistic.fit(x, y, vocabulary.size(), s.l2(), s.spamWeight(), s.maxIterations());
        return identity.features(vocabulary).weights(fit.weights()).bias(fit.bias()).build();
    }

    /** Out-of-fold spam probabilities of {@code rows} (all messages when null), scored through {@link Model#score}. */
    static double[] crossValidate(final TokenizedCorpus corpus, final int[] rows, final int k, final long seed,
                                  final WordSettings s, final CrossValidation.FoldListener listener) {
        final int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = corpus.label(rows[i]);
        }
        final int[] fold = stratifiedFolds(labels, k, seed);
        final double[] scores = new double[rows.length];
        for (int f = 0; f < k; f++) {
            final List<Integer> train = new ArrayList<>();
            final List<Integer> test = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            final int[] trainRows = train.stream().mapToInt(i -> rows[i]).toArray();
            final Model m = fit(corpus, trainRows, s, Model.builder().name("cv-fold-" + (f + 1)).version("cv").threshold(0.5));
            final Map<String, Integer> index = TokenizedCorpus.index(m.features());
            for (final int i : test) {
                scores[i] = score(m, corpus.vector(rows[i], index, s.tokens().binary()));
            }
            listener.foldDone(f + 1, k, test.size());
        }
        return scores;
    }

    static double score(final Model m, final SparseVector v) {
        return m.score(v, 0).spamProbability(); // the sparse path: bit for bit the dense score, O(tokens)
    }

    /** {@link CrossValidation}'s stratified folds, after checking every fold can hold a message of each class. */
    static int[] stratifiedFolds(final int[] labels, final int k, final long seed) {
        int spam = 0;
        for (final int l : labels) {
            spam += l;
        }
        if (k < 2 || k > Math.min(spam, labels.length - spam)) {
            throw new DatasetException("cannot make " + k + " stratified folds from " + spam + " spam and "
                    + (labels.length - spam) + " ham messages; every fold needs one of each");
        }
        return CrossValidation.assignFolds(labels, k, seed);
    }
}
