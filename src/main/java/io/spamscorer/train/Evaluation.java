package io.spamscorer.train;

import io.spamscorer.model.Model;
import io.spamscorer.model.ScoringException;

/**
 * Scores every row of a CSV data set with a loaded model through {@link Model#score}, the same code path the
 * stream uses, so reported metrics describe the model as it is served.
 */
public final class Evaluation {

    private final Model model;
    private final Dataset data;
    private final double[] scores;
    private final int[] labels;

    private Evaluation(final Model model, final Dataset data, final double[] scores, final int[] labels) {
        this.model = model;
        this.data = data;
        this.scores = scores;
        this.labels = labels;
    }

    /** Maps the data's columns to the model's features by name and scores each row. */
    public static Evaluation run(final Model model, final Dataset data) {
        final Dataset ordered = data.select(model.features());
        if (model.preprocessing() != null) {
            ordered.requireDomain(model.preprocessing().transform());
        }
        final double[] scores = new double[ordered.rows()];
        final int[] labels = new int[ordered.rows()];
        for (int r = 0; r < scores.length; r++) {
            try {
                scores[r] = model.score(ordered.row(r), 0).spamProbability();
            } catch (final ScoringException e) {
                throw new DatasetException(ordered.source() + " line " + ordered.line(r) + ": " + e.getMessage(), e);
            }
            labels[r] = ordered.label(r);
        }
        return new Evaluation(model, ordered, scores, labels);
    }

    public Model model() {
        return model;
    }

    public Dataset data() {
        return data;
    }

    /** Spam probability per row, in file order. */
    public double[] scores() {
        return scores.clone();
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Metrics at the model's own threshold. */
    public Metrics metrics() {
        return Metrics.of(scores, labels, model.threshold());
    }

    /** The self-contained HTML report of this evaluation. */
    public String report() {
        return HtmlReport.render(model, data.fileName(), scores, labels);
    }
}
