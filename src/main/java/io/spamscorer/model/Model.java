package io.spamscorer.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.features.Featurizer;
import io.spamscorer.features.SparseVector;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated single-neuron model: identity, ordered feature names, weights, bias, threshold, optional
 * preprocessing and an optional {@link Featurizer} that computes the features from a raw message. Instances are
 * immutable and only built by {@link ModelLoader} or {@link #builder()}, which check every field. Because the
 * featurizer lives in the model, a swap replaces extraction and weights in one reference write.
 */
public final class Model {

    private final String name;
    private final String version;
    private final List<String> features;
    private final Map<String, Integer> featureIndex;
    private final double[] weights;
    private final double bias;
    private final double threshold;
    private final Preprocessing preprocessing;
    private final ModelInputs inputs;
    private final JsonNode training;
    private final Featurizer featurizer;
    private final ZeroFeatures zeros;

    Model(final String name, final String version, final List<String> features, final double[] weights,
          final double bias, final double threshold, final Preprocessing preprocessing, final ModelInputs inputs,
          final JsonNode training, final Featurizer featurizer) {
        this.name = Objects.requireNonNull(name, "name == null");
        this.version = Objects.requireNonNull(version, "version == null");
        this.features = List.copyOf(features);
        this.weights = weights.clone();
        this.bias = bias;
        this.threshold = threshold;
        this.preprocessing = preprocessing;
        this.inputs = Objects.requireNonNull(inputs, "inputs == null");
        this.training = training == null ? null : training.deepCopy();
        this.featurizer = featurizer;
        final Map<String, Integer> index = new HashMap<>(this.features.size() * 2);
        for (int i = 0; i < this.features.size(); i++) {
            index.put(this.features.get(i), i);
        }
        this.featureIndex = Collections.unmodifiableMap(index);
        this.zeros = new ZeroFeatures(this.weights, preprocessing);
    }

    public static ModelBuilder builder() {
        return new ModelBuilder();
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public List<String> features() {
        return features;
    }

    public int featureCount() {
        return features.size();
    }

    /** Position of a named feature, or -1 when the model does not know it. */
    public int indexOf(final String feature) {
        final Integer i = featureIndex.get(feature);
        return i == null ? -1 : i;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    public double threshold() {
        return threshold;
    }

    /** The preprocessing, or null when features are used as they are. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Which records the model scores: {@link ModelInputs#NAMED_ONLY} models refuse positional ones. */
    public ModelInputs inputs() {
        return inputs;
    }

    /**
     * How the features are computed from a raw message (the model file's {@code featurizer}), or null when the model
     * only scores feature records. Its {@link Featurizer#featureNames()} are exactly {@link #features()}.
     */
    public Featurizer featurizer() {
        return featurizer;
    }

    /** Training metadata as stored in the model file, or null. */
    public JsonNode training() {
        return training == null ? null : training.deepCopy();
    }

    /**
     * Scores one raw feature vector in model order.
     *
     * @param x    raw feature values, exactly {@link #featureCount()} finite numbers
     * @param topK how many of the largest |w·x'| contributions to report (0 for none)
     * @throws ScoringException when preprocessing or the dot product leaves the finite range
     */
    public Score score(final double[] x, final int topK) {
        if (x.length != weights.length) {
            throw new ScoringException("features has " + x.length + " values but model " + name + " expects " + weights.length);
        }
        final int k = Math.min(Math.max(topK, 0), weights.length);
        final int[] topIdx = new int[k];
        final double[] topVal = new double[k];
        int filled = 0;
        // |c| a contribution must exceed to enter the top list: 0 while it has room (a zero contribution explains
        // nothing, so an absent word never shows), then the smallest |c| listed
        double floor = k > 0 ? 0 : Double.POSITIVE_INFINITY;
        double logit = bias;
        for (int i = 0; i < weights.length; i++) {
            final double xi = x[i];
            // Spambase vectors are mostly +0.0: their contribution is precomputed, bit for bit the same value, and
            // ranked in advance (ZeroFeatures), so only the non-zero features are ranked here.
            final double zc = zeros.at(i);
            if (Double.doubleToRawLongBits(xi) == 0L && !Double.isNaN(zc)) {
                logit += zc;
                continue;
            }
            final double c = weights[i] * preprocess(i, xi);
            logit += c;
            if (Math.abs(c) > floor) {
                filled = TopList.insert(topIdx, topVal, filled, i, c);
                floor = filled == k ? Math.abs(topVal[k - 1]) : 0;
            }
        }
        if (k > 0) {
            filled = zeros.merge(x, topIdx, topVal, filled);
        }
        return result(logit, topIdx, topVal, filled);
    }

    /**
     * Scores a sparse feature vector: the same {@link Score} as {@code score(x.toDense(), topK)}, bit for bit
     * (logit, probability, label and topFeatures). When every absent feature contributes exactly ±0 (no
     * preprocessing, or preprocessing that maps 0 to 0, as for word models) it reads only the stored entries:
     * O(non-zeros + topK) time (at worst O(non-zeros · topK), when nearly every entry displaces one in the top
     * list), independent of {@link #featureCount()}; otherwise it scores the dense vector, because then every feature
     * contributes.
     *
     * <p>Why the results are identical: the dense sum adds the same terms in the same (feature) order plus ±0 for
     * each absent feature, and adding ±0 to a sum changes at most the sign of a zero sum. So the two logits differ
     * only when the sum is exactly zero, and that case is recomputed densely. Zero contributions never enter
     * topFeatures on either path, and both walk features in increasing index, so ties keep model order.
     *
     * @param x    raw feature values in model order; {@code x.dimension()} must be {@link #featureCount()}
     * @param topK how many of the largest |w·x'| contributions to report (0 for none)
     * @throws ScoringException when preprocessing or the dot product leaves the finite range
     */
    public Score score(final SparseVector x, final int topK) {
        if (x.dimension() != weights.length) {
            throw new ScoringException("features has " + x.dimension() + " values but model " + name + " expects " + weights.length);
        }
        if (!zeros.neutral()) {
            return score(x.toDense(), topK);
        }
        final int k = Math.min(Math.max(topK, 0), weights.length);
        final int[] topIdx = new int[k];
        final double[] topVal = new double[k];
        int filled = 0;
        double floor = k > 0 ? 0 : Double.POSITIVE_INFINITY;
        double logit = bias;
        for (int j = 0; j < x.size(); j++) {
            final int i = x.index(j);
            final double xi = x.value(j);
            final double zc = zeros.at(i);
            final double c = Double.doubleToRawLongBits(xi) == 0L ? zc : weights[i] * preprocess(i, xi);
            logit += c;
            if (Math.abs(c) > floor) {
                filled = TopList.insert(topIdx, topVal, filled, i, c);
                floor = filled == k ? Math.abs(topVal[k - 1]) : 0;
            }
        }
        if (logit == 0.0) {
            return score(x.toDense(), topK); // only the sign of zero could differ; take the dense one
        }
        return result(logit, topIdx, topVal, filled);
    }

    private Score result(final double logit, final int[] topIdx, final double[] topVal, final int filled) {
        if (!Double.isFinite(logit)) {
            throw new ScoringException("logit is " + logit + ": feature values are too large for model " + name);
        }
        final double p = Neuron.sigmoid(logit);
        final Contribution[] top = new Contribution[filled];
        for (int j = 0; j < filled; j++) {
            top[j] = new Contribution(features.get(topIdx[j]), topVal[j]);
        }
        return new Score(this, logit, p, p >= threshold, List.of(top));
    }

    private double preprocess(final int i, final double raw) {
        if (preprocessing == null) {
            return raw;
        }
        final double v = preprocessing.apply(i, raw);
        if (!Double.isFinite(v)) {
            final double transformed = preprocessing.transform().apply(raw);
            if (Double.isFinite(transformed)) {
                // The value is fine; the model's mean and std take it out of range (e.g. a tiny std).
                throw new ScoringException("features[" + i + "] (" + features.get(i) + ") is " + raw
                        + ", which model " + name + " version " + version + " standardizes to " + v
                        + " (its preprocessing mean " + preprocessing.mean(i) + ", std " + preprocessing.std(i) + ")");
            }
            throw new ScoringException("features[" + i + "] (" + features.get(i) + ") is " + raw + ", which "
                    + preprocessing.transform().wireName() + " cannot transform"
                    + (preprocessing.transform() == Transform.LOG1P ? " (it needs a value > -1)" : ""));
        }
        return v;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Model m && name.equals(m.name) && version.equals(m.version) && features.equals(m.features)
                && Arrays.equals(weights, m.weights) && Double.compare(bias, m.bias) == 0
                && Double.compare(threshold, m.threshold) == 0 && Objects.equals(preprocessing, m.preprocessing)
                && inputs == m.inputs && sameFeaturizer(featurizer, m.featurizer);
    }

    private static boolean sameFeaturizer(final Featurizer a, final Featurizer b) {
        return a == null ? b == null : b != null && a.type().equals(b.type()) && a.spec().equals(b.spec());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, features, Arrays.hashCode(weights), bias, threshold, preprocessing, inputs,
                featurizer == null ? null : featurizer.type());
    }

    @Override
    public String toString() {
        return name + "@" + version + " (" + features.size() + " features, threshold " + threshold
                + (inputs == ModelInputs.NAMED_ONLY ? ", named inputs only" : "")
                + (featurizer == null ? "" : ", featurizer " + featurizer.type()) + ")";
    }
}
