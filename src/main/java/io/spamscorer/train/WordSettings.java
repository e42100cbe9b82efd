package io.spamscorer.train;

import io.spamscorer.features.WordOptions;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a words-model training run; stored in the model file's {@code training.hyperParameters}.
 *
 * @param tokens        how messages are cut into tokens (the model's {@code featurizer})
 * @param minDf         a token enters the vocabulary when at least this many training messages contain it
 * @param maxFeatures   at most this many tokens, the most frequent (by messages containing them) first; 0 = no cap
 * @param l2            weight of the (l2 / 2)·|w|² penalty
 * @param spamWeight    weight of a spam message in the loss relative to a ham message
 * @param maxIterations L-BFGS iterations at most
 */
public record WordSettings(WordOptions tokens, int minDf, int maxFeatures, double l2, double spamWeight,
                           int maxIterations) {

    public WordSettings {
        Objects.requireNonNull(tokens, "tokens == null");
        if (minDf < 1) {
            throw new IllegalArgumentException("minDf must be at least 1, got " + minDf);
        }
        if (maxFeatures < 0) {
            throw new IllegalArgumentException("maxFeatures must be >= 0, got " + maxFeatures);
        }
        if (!(l2 > 0.0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be a finite number > 0, got " + l2);
        }
        if (!(spamWeight > 0.0) || !Double.isFinite(spamWeight)) {
            throw new IllegalArgumentException("spamWeight must be a finite number > 0, got " + spamWeight);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
        }
    }

    /** The defaults chosen by cross-validation and the time split (docs/email-model-experiments.md). */
    public static WordSettings defaults() {
        return new WordSettings(new WordOptions(true, 2, 40, 5000, "binary", "'", false,
                List.of(WordOptions.SUBJECT, WordOptions.FROM, WordOptions.MAILER, WordOptions.TYPES,
                        WordOptions.HEADERS, WordOptions.URL, WordOptions.BODY)),
                5, 0, 3e-4, 2.0, 500);
    }
}
