package io.spamscorer.train;

import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.model.Model;
import io.spamscorer.model.ScoringException;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores a labelled mail directory ({@link MailCorpus}) with a model that carries a featurizer: the scorer's
 * {@code EmailParser} (default limits), the model's featurizer and {@link Model#score(io.spamscorer.features.SparseVector,
 * int)}, the steps {@code scorer.input.format=email} takes, so the metrics describe the model as it is served on raw
 * mail.
 */
public final class MailEvaluation {

    private final Model model;
    private final String dataName;
    private final double[] scores;
    private final int[] labels;

    private MailEvaluation(final Model model, final String dataName, final double[] scores, final int[] labels) {
        this.model = model;
        this.dataName = dataName;
        this.scores = scores;
        this.labels = labels;
    }

    /**
     * Reads, parses and scores every message under {@code dir} with the default {@link EmailLimits}.
     *
     * @throws DatasetException naming the directory or the first file that cannot be read, parsed or scored
     */
    public static MailEvaluation run(final Model model, final Path dir) {
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
        return new MailEvaluation(model, dir.toString(), scores, corpus.labels());
    }

    /** Spam probability per message, in path order (ham first). */
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

    /** The same self-contained HTML report as {@code evaluate --data}. */
    public String report() {
        return HtmlReport.render(model, dataName, scores, labels);
    }
}
