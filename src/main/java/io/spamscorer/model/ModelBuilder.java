package io.spamscorer.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.features.Featurizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects model fields and checks every one of them in {@link #build()}. */
public final class ModelBuilder {

    private String name;
    private String version;
    private List<String> features;
    private double[] weights;
    private Double bias;
    private Double threshold;
    private Transform transform;
    private double[] mean;
    private double[] std;
    private ModelInputs inputs = ModelInputs.ANY;
    private JsonNode training;
    private Featurizer featurizer;

    ModelBuilder() {
    }

    public ModelBuilder name(final String name) {
        this.name = name;
        return this;
    }

    public ModelBuilder version(final String version) {
        this.version = version;
        return this;
    }

    public ModelBuilder features(final List<String> features) {
        this.features = features == null ? null : List.copyOf(features);
        return this;
    }

    public ModelBuilder weights(final double[] weights) {
        this.weights = weights == null ? null : weights.clone();
        return this;
    }

    public ModelBuilder bias(final double bias) {
        this.bias = bias;
        return this;
    }

    public ModelBuilder threshold(final double threshold) {
        this.threshold = threshold;
        return this;
    }

    /** Sets preprocessing; pass a null transform for none. */
    public ModelBuilder preprocessing(final Transform transform, final double[] mean, final double[] std) {
        this.transform = transform;
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
        return this;
    }

    /** Which records the model scores; {@link ModelInputs#ANY} unless set. */
    public ModelBuilder inputs(final ModelInputs inputs) {
        this.inputs = inputs;
        return this;
    }

    public ModelBuilder training(final JsonNode training) {
        this.training = training;
        return this;
    }

    /** How features are computed from a raw message; null (the default) for a model of feature records only. */
    public ModelBuilder featurizer(final Featurizer featurizer) {
        this.featurizer = featurizer;
        return this;
    }

    /** Validates every field and returns the model; throws {@link ModelException} naming the first bad field. */
    public Model build() {
        requireText("model.name", name);
        requireText("model.version", version);
        checkFeatures();
        final int n = features.size();
        checkVector("model.weights", weights, n);
        checkFinite("model.bias", bias);
        if (threshold == null) {
            throw new ModelException("model.threshold is missing");
        }
        if (!(threshold > 0.0 && threshold < 1.0)) {
            throw new ModelException("model.threshold must be > 0 and < 1, got " + threshold);
        }
        Preprocessing pre = null;
        if (transform != null) {
            checkVector("model.preprocessing.mean", mean, n);
            checkVector("model.preprocessing.std", std, n);
            for (int i = 0; i < n; i++) {
                if (!(std[i] > 0.0)) {
                    throw new ModelException("model.preprocessing.std[" + i + "] must be > 0, got " + std[i]);
                }
            }
            pre = new Preprocessing(transform, mean, std);
            for (int i = 0; i < n; i++) {
                // Most features of most records are 0; a model that cannot standardize 0 dead-letters nearly all.
                final double zero = pre.apply(i, 0.0);
                if (!Double.isFinite(zero)) {
                    throw new ModelException("model.preprocessing.mean[" + i + "] = " + mean[i]
                            + " and model.preprocessing.std[" + i + "] = " + std[i] + " standardize a feature value of 0 to "
                            + zero + "; the result must be a finite number");
                }
            }
        }
        if (inputs == null) {
            throw new ModelException("model.inputs is missing");
        }
        if (featurizer != null && !featurizer.featureNames().equals(features)) {
            throw new ModelException("model.featurizer (" + featurizer.type() + ") computes "
                    + featurizer.featureNames().size() + " features that are not model.features ("
                    + features.size() + "), in the same order");
        }
        return new Model(name, version, features, weights, bias, threshold, pre, inputs, training, featurizer);
    }

    private static void requireText(final String field, final String value) {
        if (value == null) {
            throw new ModelException(field + " is missing");
        }
        if (value.isBlank()) {
            throw new ModelException(field + " is blank");
        }
        // name and version end up in every output record, in metric labels and in log lines
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new ModelException(field + " has a control character (U+"
                        + String.format(java.util.Locale.ROOT, "%04X", (int) value.charAt(i)) + ") at index " + i);
            }
        }
    }

    private void checkFeatures() {
        if (features == null) {
            throw new ModelException("model.features is missing");
        }
        if (features.isEmpty()) {
            throw new ModelException("model.features is empty; a model needs at least one feature");
        }
        final Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            final String f = features.get(i);
            if (f == null || f.isBlank()) {
                throw new ModelException("model.features[" + i + "] is blank");
            }
            final Integer first = seen.putIfAbsent(f, i);
            if (first != null) {
                throw new ModelException("model.features[" + i + "] repeats '" + f + "' (first at model.features[" + first + "])");
            }
        }
    }

    private static void checkVector(final String field, final double[] v, final int n) {
        if (v == null) {
            throw new ModelException(field + " is missing");
        }
        if (v.length != n) {
            throw new ModelException(field + " has " + v.length + " entries but model.features has " + n);
        }
        for (int i = 0; i < v.length; i++) {
            checkFinite(field + "[" + i + "]", v[i]);
        }
    }

    private static void checkFinite(final String field, final Double v) {
        if (v == null) {
            throw new ModelException(field + " is missing");
        }
        if (!Double.isFinite(v)) {
            throw new ModelException(field + " is " + v + "; it must be a finite number");
        }
    }
}
