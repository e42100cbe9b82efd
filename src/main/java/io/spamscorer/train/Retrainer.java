package io.spamscorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.features.SparseVector;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelBuilder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Preprocessing;
import io.spamscorer.model.Transform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code retrain}: trains a successor of the live model on the labelled examples (plus an optional base corpus) with
 * the live model's own features, featurizer and trainer, so the result scores the same records the same way and only
 * its weights (and threshold) change. A model with {@code preprocessing} (Spambase features) is trained like
 * {@code train --data}: {@link CrossValidation} and {@link Trainer} on a {@link Dataset}; a model without it (a words
 * vocabulary) like {@code train --mail}'s words model: {@link SparseLogistic} over the fixed vocabulary. Hyper-parameters
 * come from the live model's {@code training.hyperParameters} where it has them, else the trainers' defaults.
 */
public final class Retrainer {

    /**
     * One run.
     *
     * @param maxFalsePositiveRate threshold budget; null = the live model's {@code crossValidation.maxFalsePositiveRate},
     *                             else 0.5
     * @param examplesSource       how the model's training block names the examples (e.g. the topic)
     */
    public record Request(String version, int folds, long seed, Double maxFalsePositiveRate, String examplesSource) {
        public Request {
            Objects.requireNonNull(version, "version == null");
            Objects.requireNonNull(examplesSource, "examplesSource == null");
            if (version.isBlank()) {
                throw new IllegalArgumentException("version is blank");
            }
        }
    }

    /**
     * The trained model, its file bytes and the pooled out-of-fold metrics at its threshold.
     *
     * @param maxFalsePositiveRate the budget the threshold was picked for, or null when it is 0.5
     */
    public record Result(Model model, byte[] json, Metrics cv, Double maxFalsePositiveRate, int rows, int spam, int ham) {
    }

    private Retrainer() {
    }

    /** The default version: {@code <live version>-retrained-<examples used>}. */
    public static String version(final Model live, final ExampleDataset examples) {
        return live.version() + "-retrained-" + examples.rows();
    }

    /**
     * @param base null for examples only
     * @throws DatasetException when the rows miss a class or are too few for the folds
     */
    public static Result retrain(final Model live, final ExampleDataset examples, final RetrainBase base,
                                 final Request r, final CrossValidation.FoldListener listener) {
        if (!examples.features().equals(live.features())) {
            throw new IllegalArgumentException("the examples are mapped onto other features than " + live + "'s");
        }
        final List<SparseVector> rows = new ArrayList<>(examples.rowVectors());
        final int[] labels = concat(examples.labels(), base == null ? new int[0] : base.labels());
        if (base != null) {
            rows.addAll(base.rows());
        }
        requireBothClasses(labels, base != null);
        final Double maxFpr = r.maxFalsePositiveRate() != null ? r.maxFalsePositiveRate() : liveMaxFpr(live);
        final ObjectNode training = Json.mapper().createObjectNode();
        final ObjectNode from = training.putObject("retrainedFrom");
        from.put("name", live.name());
        from.put("version", live.version());
        training.set("data", data(examples, base, r));
        final ObjectNode hp = training.putObject("hyperParameters");
        hp.put("seed", r.seed());
        final Fitted fitted = live.preprocessing() != null
                ? dense(live, rows, labels, r, maxFpr, hp, training, listener)
                : sparse(live, rows, labels, r, maxFpr, hp, training, listener);
        final byte[] json = ModelLoader.toJson(fitted.model());
        ModelLoader.parse(json); // it must load as the scorer will load it
        final int spam = Arrays.stream(labels).sum();
        return new Result(fitted.model(), json, fitted.cv(), maxFpr, labels.length, spam, labels.length - spam);
    }

    /** The final model and the cross-validated metrics at its threshold. */
    private record Fitted(Model model, Metrics cv) {
    }

    /** Like {@code train --data}: a Dataset through CrossValidation and the gradient-descent Trainer. */
    private static Fitted dense(final Model live, final List<SparseVector> rows, final int[] labels, final Request r,
                                final Double maxFpr, final ObjectNode hpNode, final ObjectNode training,
                                final CrossValidation.FoldListener listener) {
        final Preprocessing pre = live.preprocessing();
        final JsonNode old = liveHyperParameters(live);
        final HyperParameters hp = new HyperParameters(pre.transform(),
                old.path("epochs").asInt(HyperParameters.DEFAULT_EPOCHS),
                old.path("learningRate").asDouble(HyperParameters.DEFAULT_LEARNING_RATE),
                old.path("l2").asDouble(HyperParameters.DEFAULT_L2), r.seed());
        final Dataset data = Dataset.parse(r.examplesSource(), r.examplesSource(), csv(live.features(), rows, labels, pre.transform()),
                LABEL);
        final CrossValidation.Result cv = CrossValidation.run(data, r.folds(), hp, listener);
        final double threshold = maxFpr == null ? 0.5 : ThresholdPicker.lowestThreshold(cv.scores(), cv.labels(), maxFpr);
        final Metrics metrics = cv.metrics(threshold);
        hpNode.put("algorithm", "full-batch gradient descent on mean log-loss + (l2/2)|w|^2, weights uniform in [-1, 1] "
                + "from the seed, bias 0; preprocessing fitted on the training rows of each fold");
        hpNode.put("transform", hp.transform().wireName());
        hpNode.put("epochs", hp.epochs());
        hpNode.put("learningRate", hp.learningRate());
        hpNode.put("l2", hp.l2());
        crossValidation(training, r, maxFpr, metrics, cv.scores());
        final int[] all = new int[data.rows()];
        Arrays.setAll(all, i -> i);
        return new Fitted(Trainer.train(data, all, hp, Trainer.Progress.NONE, identity(live, r, threshold, training)), metrics);
    }

    /** Like the words model of {@code train --mail}, but over the live model's fixed vocabulary. */
    private static Fitted sparse(final Model live, final List<SparseVector> rows, final int[] labels, final Request r,
                                 final Double maxFpr, final ObjectNode hpNode, final ObjectNode training,
                                 final CrossValidation.FoldListener listener) {
        final JsonNode old = liveHyperParameters(live);
        final WordSettings defaults = WordSettings.defaults();
        final double l2 = old.path("l2").asDouble(defaults.l2());
        final double spamWeight = old.path("spamWeight").asDouble(defaults.spamWeight());
        final int maxIterations = old.path("maxIterations").asInt(defaults.maxIterations());
        final int d = live.featureCount();
        final int[] fold = WordTrainer.stratifiedFolds(labels, r.folds(), r.seed());
        final double[] scores = new double[labels.length];
        for (int f = 0; f < r.folds(); f++) {
            final List<SparseVector> trainX = new ArrayList<>();
            final List<Integer> trainY = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (fold[i] != f) {
                    trainX.add(rows.get(i));
                    trainY.add(labels[i]);
                }
            }
            final SparseLogistic.Fit fit = SparseLogistic.fit(trainX, trainY.stream().mapToInt(Integer::intValue).toArray(),
                    d, l2, spamWeight, maxIterations);
            final Model m = Model.builder().name("cv-fold-" + (f + 1)).version("cv").threshold(0.5)
                    .features(live.features()).weights(fit.weights()).bias(fit.bias()).build();
            int heldOut = 0;
            for (int i = 0; i < labels.length; i++) {
                if (fold[i] == f) {
                    scores[i] = WordTrainer.score(m, rows.get(i));
                    heldOut++;
                }
            }
            listener.foldDone(f + 1, r.folds(), heldOut);
        }
        final double threshold = maxFpr == null ? 0.5 : ThresholdPicker.lowestThreshold(scores, labels, maxFpr);
        final Metrics metrics = Metrics.of(scores, labels, threshold);
        hpNode.put("algorithm", "L2-regularised class-weighted logistic regression (mean weighted log-loss + (l2/2)|w|^2), "
                + "L-BFGS from zero; the live model's vocabulary, unchanged");
        hpNode.put("l2", l2);
        hpNode.put("spamWeight", spamWeight);
        hpNode.put("maxIterations", maxIterations);
        crossValidation(training, r, maxFpr, metrics, scores);
        final SparseLogistic.Fit fit = SparseLogistic.fit(rows, labels, d, l2, spamWeight, maxIterations);
        return new Fitted(identity(live, r, threshold, training).features(live.features()).weights(fit.weights())
                .bias(fit.bias()).build(), metrics);
    }

    /** The label column's name in the CSV handed to Dataset; no model feature may be called this. */
    static final String LABEL = "retrain.label";

    /** The rows as the CSV Dataset reads (as MailTrainer does for Spambase mail), after checking the transform's domain. */
    private static byte[] csv(final List<String> features, final List<SparseVector> rows, final int[] labels,
                              final Transform transform) {
        final StringBuilder s = new StringBuilder();
        for (final String f : features) {
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.equals(LABEL) || f.isBlank()) {
                throw new DatasetException("feature name '" + f + "' cannot be a CSV column; the live model cannot be retrained");
            }
            s.append(f).append(',');
        }
        s.append(LABEL).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            for (final double v : rows.get(i).toDense()) {
                if (!Double.isFinite(transform.apply(v))) {
                    throw new DatasetException("row " + (i + 1) + " of the retraining set has the value " + v
                            + ", outside the domain of " + transform.wireName());
                }
                s.append(v).append(',');
            }
            s.append(labels[i]).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ModelBuilder identity(final Model live, final Request r, final double threshold, final ObjectNode training) {
        return Model.builder().name(live.name()).version(r.version()).threshold(threshold).inputs(live.inputs())
                .featurizer(live.featurizer()).training(training);
    }

    private static ObjectNode data(final ExampleDataset examples, final RetrainBase base, final Request r) {
        final ObjectNode d = Json.mapper().createObjectNode();
        final ObjectNode e = d.putObject("examples");
        e.put("source", r.examplesSource());
        e.put("read", examples.report().examples());
        e.put("used", examples.rows());
        e.put("spam", examples.spamCount());
        e.put("ham", examples.hamCount());
        e.put("withoutFeatures", examples.report().withoutFeatures());
        e.put("unknownFeatureNames", examples.report().droppedNames().size());
        e.put("unknownFeatureValues", examples.report().droppedValues());
        if (base != null) {
            d.set("base", base.provenance());
        }
        return d;
    }

    /** The cv block, and the out-of-fold scores' histogram: the reference of the scorer's live drift figure. */
    private static void crossValidation(final ObjectNode training, final Request r, final Double maxFpr, final Metrics m,
                                        final double[] outOfFoldScores) {
        final ObjectNode c = training.putObject("crossValidation");
        c.put("folds", r.folds());
        c.put("stratified", true);
        c.put("seed", r.seed());
        if (maxFpr != null) {
            c.put("maxFalsePositiveRate", maxFpr);
        }
        m.writeTo(c);
        training.set(ScoreHistogram.FIELD, ScoreHistogram.of(outOfFoldScores).toJson());
    }

    private static JsonNode liveHyperParameters(final Model live) {
        return live.training() == null ? Json.mapper().createObjectNode() : live.training().path("hyperParameters");
    }

    private static Double liveMaxFpr(final Model live) {
        final JsonNode v = live.training() == null ? null : live.training().path("crossValidation").get("maxFalsePositiveRate");
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static void requireBothClasses(final int[] labels, final boolean withBase) {
        final int spam = Arrays.stream(labels).sum();
        if (spam == 0 || spam == labels.length) {
            throw new DatasetException("all " + labels.length + " training rows are " + (spam == 0 ? "ham" : "spam")
                    + "; retraining needs both spam and ham" + (withBase ? "" : " (label some "
                    + (spam == 0 ? "spam" : "ham") + ", or add a base corpus with --base-mail DIR or --base-data CSV)"));
        }
    }

    private static int[] concat(final int[] a, final int[] b) {
        final int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
