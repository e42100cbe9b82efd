package io.spamscorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.features.Featurizer;
import io.spamscorer.features.FeaturizerSpec;
import io.spamscorer.features.SpambaseFeaturizer;
import io.spamscorer.features.WordFeaturizer;
import io.spamscorer.features.WordTokenizer;
import io.spamscorer.json.Json;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelBuilder;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a model on a labelled mail directory ({@code DIR/ham}, {@code DIR/spam}, read recursively) for
 * {@code train --mail DIR --featurizer words|spambase}: cross-validates, picks the threshold, fits on every message
 * and returns the model file, {@code featurizer} included, so the extraction travels with the weights. The same
 * request gives a byte-identical file.
 */
public final class MailTrainer {

    public static final String ATTRIBUTION = "Apache SpamAssassin public mail corpus, PDDL 1.0 / CC0, "
            + "via stdlib datasets-spam-assassin 0.2.3";

    /** The default false-positive budget of the threshold. */
    public static final double DEFAULT_MAX_FALSE_POSITIVE_RATE = 0.004;

    /**
     * One training run.
     *
     * @param featurizer           {@code words} or {@code spambase}
     * @param maxFalsePositiveRate the threshold is the lowest whose pooled out-of-fold FPR is at most this; null = 0.5
     * @param words                settings of a words model (ignored for spambase)
     * @param spambase             settings of a spambase model (ignored for words); its seed is not used, see seed
     * @param attribution          credit for the data, or null to omit
     */
    public record Request(String featurizer, String name, String version, long seed, int folds,
                          Double maxFalsePositiveRate, WordSettings words, HyperParameters spambase, String attribution) {
        public Request {
            Objects.requireNonNull(featurizer, "featurizer == null");
            if (!featurizer.equals(WordFeaturizer.TYPE) && !featurizer.equals(SpambaseFeaturizer.TYPE)) {
                throw new IllegalArgumentException("featurizer must be words or spambase, got '" + featurizer + "'");
            }
            Objects.requireNonNull(words, "words == null");
            Objects.requireNonNull(spambase, "spambase == null");
        }

        /**
         * The shipped words model's settings: 10 folds, seed 42, threshold for a 0.4 % held-out FPR (mail judged later
         * may hold twice the corpus's share of hard ham, see docs/email-model-experiments.md).
         */
        public static Request wordsDefaults(final String name, final String version) {
            return new Request(WordFeaturizer.TYPE, name, version, 42L, 10, DEFAULT_MAX_FALSE_POSITIVE_RATE, WordSettings.defaults(),
                    HyperParameters.defaults(), ATTRIBUTION);
        }
    }

    /**
     * @param model  the model file as a JSON tree (name, version, featurizer, features, weights, bias, threshold,
     *               preprocessing, training)
     * @param cv     pooled out-of-fold metrics at the chosen threshold
     */
    public record Result(ObjectNode model, Metrics cv, Model scoring, Featurizer featurizer) {
        /** The model file's bytes, pretty-printed as {@code ModelLoader.toJson} writes models. */
        public byte[] json() {
            try {
                return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(model);
            } catch (final IOException e) {
                throw new ModelException("model cannot be written: " + e.getMessage(), e);
            }
        }
    }

    private MailTrainer() {
    }

    /** Reads and parses {@code dir} with the default {@link EmailLimits}, then trains. */
    public static Result train(final Path dir, final Request request, final CrossValidation.FoldListener listener) {
        return train(MailCorpus.read(dir, EmailLimits.defaults()), dir.getFileName() == null ? dir.toString()
                : dir.getFileName().toString(), request, listener);
    }

    /** Trains on a corpus already read; {@code directoryName} is how the model names it (no absolute path). */
    public static Result train(final MailCorpus corpus, final String directoryName, final Request r,
                        final CrossValidation.FoldListener listener) {
        return r.featurizer().equals(WordFeaturizer.TYPE)
                ? words(corpus, directoryName, r, listener) : spambase(corpus, directoryName, r, listener);
    }

    private static Result words(final MailCorpus corpus, final String dirName, final Request r,
                                final CrossValidation.FoldListener listener) {
        final WordSettings s = r.words();
        final List<Email> emails = corpus.mails().stream().map(MailCorpus.Mail::email).toList();
        final int[] labels = corpus.labels();
        final TokenizedCorpus tc = TokenizedCorpus.of(emails, labels, new WordTokenizer(s.tokens()));
        final int[] all = new int[corpus.size()];
        Arrays.setAll(all, i -> i);
        final double[] cv = WordTrainer.crossValidate(tc, all, r.folds(), r.seed(), s, listener);
        final double threshold = threshold(cv, labels, r.maxFalsePositiveRate());
        final Metrics metrics = Metrics.of(cv, labels, threshold);
        final ObjectNode training = summary(corpus, dirName, r, metrics, cv);
        final ObjectNode hp = (ObjectNode) training.get("hyperParameters");
        hp.put("algorithm", "L2-regularised class-weighted logistic regression (mean weighted log-loss + (l2/2)|w|^2), "
                + "L-BFGS from zero; vocabulary chosen from the training messages of each fold");
        hp.put("minDf", s.minDf());
        hp.put("maxFeatures", s.maxFeatures());
        hp.put("l2", s.l2());
        hp.put("spamWeight", s.spamWeight());
        hp.put("maxIterations", s.maxIterations());
        final Model model = WordTrainer.fit(tc, all, s, identity(r, threshold, training));
        final WordFeaturizer featurizer = new WordFeaturizer(s.tokens(), model.features());
        return new Result(withFeaturizer(model, featurizer), metrics, model, featurizer);
    }

    private static Result spambase(final MailCorpus corpus, final String dirName, final Request r,
                                   final CrossValidation.FoldListener listener) {
        final SpambaseFeaturizer featurizer = new SpambaseFeaturizer();
        final HyperParameters hp = new HyperParameters(r.spambase().transform(), r.spambase().epochs(),
                r.spambase().learningRate(), r.spambase().l2(), r.seed());
        final Dataset data = Dataset.parse(dirName, dirName, csv(corpus, featurizer), "spam");
        final CrossValidation.Result cv = CrossValidation.run(data, r.folds(), hp, listener);
        final double threshold = threshold(cv.scores(), cv.labels(), r.maxFalsePositiveRate());
        final Metrics metrics = cv.metrics(threshold);
        final ObjectNode training = summary(corpus, dirName, r, metrics, cv.scores());
        final ObjectNode h = (ObjectNode) training.get("hyperParameters");
        h.put("algorithm", "full-batch gradient descent on mean log-loss + (l2/2)|w|^2, weights uniform in [-1, 1] "
                + "from the seed, bias 0; preprocessing fitted on the training messages of each fold");
        h.put("transform", hp.transform().wireName());
        h.put("epochs", hp.epochs());
        h.put("learningRate", hp.learningRate());
        h.put("l2", hp.l2());
        final int[] all = new int[data.rows()];
        Arrays.setAll(all, i -> i);
        final Model model = Trainer.train(data, all, hp, Trainer.Progress.NONE, identity(r, threshold, training));
        return new Result(withFeaturizer(model, featurizer), metrics, model, featurizer);
    }

    /** The corpus's Spambase features as CSV, so the existing Dataset, CrossValidation and Trainer train on them. */
    private static byte[] csv(final MailCorpus corpus, final SpambaseFeaturizer featurizer) {
        final StringBuilder s = new StringBuilder(String.join(",", featurizer.featureNames())).append(",spam\n");
        for (final MailCorpus.Mail m : corpus.mails()) {
            for (final double v : featurizer.featurizeDense(m.email())) {
                s.append(v).append(',');
            }
            s.append(m.label()).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double threshold(final double[] scores, final int[] labels, final Double maxFpr) {
        return maxFpr == null ? 0.5 : ThresholdPicker.lowestThreshold(scores, labels, maxFpr);
    }

    private static ModelBuilder identity(final Request r, final double threshold, final ObjectNode training) {
        return Model.builder().name(r.name()).version(r.version()).threshold(threshold).training(training);
    }

    /**
     * No timestamps and no absolute paths, so the same corpus and request give the same bytes anywhere;
     * {@code outOfFoldScores} become {@code scoreHistogram}, the reference of the scorer's live drift figure.
     */
    private static ObjectNode summary(final MailCorpus corpus, final String dirName, final Request r, final Metrics cv,
                                      final double[] outOfFoldScores) {
        final ObjectNode root = Json.mapper().createObjectNode();
        final ObjectNode d = root.putObject("data");
        d.put("directory", dirName);
        d.put("format", "one raw RFC 5322 message per file under ham/ and spam/, read recursively");
        d.put("files", corpus.size());
        d.put("sha256", corpus.sha256());
        d.put("sha256Of", "sha256sum manifest of the files in path order (cd DIR && find ham spam -type f | LC_ALL=C sort | xargs sha256sum | sha256sum)");
        d.put("spam", corpus.spamCount());
        d.put("ham", corpus.hamCount());
        final ObjectNode h = root.putObject("hyperParameters");
        h.put("seed", r.seed());
        final ObjectNode c = root.putObject("crossValidation");
        c.put("folds", r.folds());
        c.put("stratified", true);
        c.put("seed", r.seed());
        if (r.maxFalsePositiveRate() != null) {
            c.put("maxFalsePositiveRate", r.maxFalsePositiveRate());
        }
        cv.writeTo(c);
        root.set(ScoreHistogram.FIELD, ScoreHistogram.of(outOfFoldScores).toJson());
        if (r.attribution() != null && !r.attribution().isBlank()) {
            root.put("attribution", r.attribution());
        }
        return root;
    }

    /** The model file with {@code featurizer} right after name and version. */
    private static ObjectNode withFeaturizer(final Model model, final Featurizer featurizer) {
        final ObjectNode tree = ModelLoader.toTree(model);
        final ObjectNode out = Json.mapper().createObjectNode();
        out.set("name", tree.get("name"));
        out.set("version", tree.get("version"));
        out.set("featurizer", FeaturizerSpec.write(featurizer));
        for (final Map.Entry<String, JsonNode> e : tree.properties()) {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
