package io.spamscorer.train;

import io.spamscorer.mail.EmailLimits;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ScoringException;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores labelled data with a loaded model through {@link Model#score}, the same code path the stream uses, so
 * reported metrics describe the model as it is served: a CSV of feature rows ({@link #run(Model, Dataset)}), or a
 * mail directory read with the scorer's own parser and featurized by the model ({@link #run(Model, Path)}).
 */
public final class Evaluation {

    private final Model model;
    private final String dataName;
    private final double[] scores;
    private final int[] labels;

    private Evaluation(final Model model, final String dataName, final double[] scores, final int[] labels) {
        this.model = model;
        this.dataName = dataName;
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
        return new Evaluation(model, ordered.fileName(), scores, labels);
    }

    /**
     * Reads, parses and scores every message under {@code dir} ({@link MailCorpus}) with the default
     * {@link EmailLimits} and the model's featurizer, the steps {@code scorer.input.format=email} takes.
     *
     * @throws DatasetException naming the directory or the first file that cannot be read, parsed or scored
     */
    public static Evaluation run(final Model model, final Path dir) {
        ModelCompatibility.checkEmail(model);
        final MailCorpus corpus = MailCorpus.read(dir, EmailLimits.defaults());
        final List<MailCorpus.Mail> mails = corpus.mails();
        final double[] scores = new double[mails.size()];
        for (int i = 0; i < scores.length; i++) {
            try {
                scores[i] = model.score(model.featurizer().featurize(mails.get(i).email()), 0).spamProbability();
            } catch (final ScoringException e) {
                throw new DatasetException(dir.resolve(mails.get(i).path()) + ": " + e.getMessage(), e);
            }
        }
        return new Evaluation(model, dir.toString(), scores, corpus.labels());
    }

    public Model model() {
        return model;
    }

    /** Spam probability per row, in file order (for mail: per message, in path order, ham first). */
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
        return HtmlReport.render(model, dataName, scores, labels);
    }
}
