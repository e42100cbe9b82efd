package io.spamscorer.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;

/**
 * Builds the model file's {@code training} block: data provenance, hyper-parameters, cross-validated metrics,
 * the histogram of the out-of-fold scores ({@link ScoreHistogram}, the live drift reference) and the data set's
 * attribution. Deliberately free of timestamps and paths so the same inputs give a
 * byte-identical model file.
 */
public final class TrainingSummary {

    /** Credit line required by the Spambase licence; the default of {@code train --attribution}. */
    public static final String SPAMBASE_ATTRIBUTION = "UCI Spambase (Mark Hopkins, Erik Reeber, George Forman, "
            + "Jaap Suermondt; Hewlett-Packard Labs, 1999), UCI Machine Learning Repository, DOI 10.24432/C53G6X, "
            + "licensed CC BY 4.0";

    private TrainingSummary() {
    }

    /**
     * As {@link #build(Dataset, HyperParameters, int, Metrics, double[], Double, String)}, running the
     * cross-validation once more for its out-of-fold scores: the same data, folds and seed give the same scores, so
     * the histogram is the one of the run that produced {@code cv}. Callers that hold those scores should pass them.
     */
    public static ObjectNode build(final Dataset data, final HyperParameters hp, final int folds,
                                   final Metrics cv, final Double maxFalsePositiveRate, final String attribution) {
        return build(data, hp, folds, cv, CrossValidation.run(data, folds, hp, CrossValidation.FoldListener.NONE).scores(),
                maxFalsePositiveRate, attribution);
    }

    /**
     * @param outOfFoldScores      the cross-validated spam probability of every row ({@link CrossValidation.Result#scores()})
     * @param maxFalsePositiveRate the budget the threshold was picked for, or null when the threshold is 0.5
     * @param attribution          credit for the data, or null to omit
     */
    public static ObjectNode build(final Dataset data, final HyperParameters hp, final int folds, final Metrics cv,
                                   final double[] outOfFoldScores, final Double maxFalsePositiveRate,
                                   final String attribution) {
        if (outOfFoldScores.length != data.rows()) {
            throw new IllegalArgumentException(outOfFoldScores.length + " out-of-fold scores for " + data.rows() + " rows");
        }
        final ObjectNode root = Json.mapper().createObjectNode();
        final ObjectNode d = root.putObject("data");
        d.put("file", data.fileName());
        d.put("sha256", data.sha256());
        d.put("label", data.label());
        d.put("rows", data.rows());
        d.put("spam", data.spamCount());
        d.put("ham", data.hamCount());
        final ObjectNode h = root.putObject("hyperParameters");
        h.put("algorithm", "full-batch gradient descent on mean log-loss + (l2/2)|w|^2, weights uniform in [-1, 1] from the seed, bias 0");
        h.put("transform", hp.transform().wireName());
        h.put("epochs", hp.epochs());
        h.put("learningRate", hp.learningRate());
        h.put("l2", hp.l2());
        h.put("seed", hp.seed());
        final ObjectNode c = root.putObject("crossValidation");
        c.put("folds", folds);
        c.put("stratified", true);
        c.put("seed", hp.seed());
        if (maxFalsePositiveRate != null) {
            c.put("maxFalsePositiveRate", maxFalsePositiveRate);
        }
        cv.writeTo(c);
        root.set(ScoreHistogram.FIELD, ScoreHistogram.of(outOfFoldScores).toJson());
        if (attribution != null && !attribution.isBlank()) {
            root.put("attribution", attribution);
        }
        return root;
    }
}
