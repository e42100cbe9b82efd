package io.spamscorer.feedback;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One labelled example on {@code scorer.examples.topic}: what the live model (and the shadow, if one scored it) said
 * about an email id, the user's label for it, and the named non-zero features where they were captured. The topic is
 * compacted by id, so the latest label per id is the example. {@link ExampleJson} reads and writes the wire format.
 *
 * @param labelSource where the label came from, or null when the label record did not say
 * @param shadow      the shadow model's result, or null when no shadow scored the record
 * @param features    named feature values, empty when the scorer did not capture them; iteration order is kept
 */
public record Example(String id, Label label, String labelSource, long labelAt, long scoredAt,
                      ModelRef model, double spamProbability, Label predicted, Shadow shadow,
                      Map<String, Double> features) {

    /** A user's label or a model's decision; on the wire {@code "spam"} or {@code "ham"}. */
    public enum Label {
        SPAM, HAM;

        public static Label of(final boolean spam) {
            return spam ? SPAM : HAM;
        }

        public boolean isSpam() {
            return this == SPAM;
        }

        public String wire() {
            return this == SPAM ? "spam" : "ham";
        }

        /** The label for {@code "spam"} or {@code "ham"} (exactly, lower case), or null for anything else. */
        public static Label fromWire(final String s) {
            if ("spam".equals(s)) {
                return SPAM;
            }
            return "ham".equals(s) ? HAM : null;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The shadow (challenger) model's result for the same record. */
    public record Shadow(ModelRef model, double spamProbability, Label predicted) {

        public Shadow {
            Objects.requireNonNull(model, "shadow.model == null");
            Objects.requireNonNull(predicted, "shadow.predicted == null");
            checkProbability("shadow.spamProbability", spamProbability);
        }
    }

    public Example {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id is null or empty");
        }
        Objects.requireNonNull(label, "label == null");
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(predicted, "predicted == null");
        checkProbability("spamProbability", spamProbability);
        features = copyFeatures(features);
    }

    /** This example with another label (from a later, contradicting label record). */
    public Example withLabel(final Label newLabel, final String newSource, final long newLabelAt) {
        return new Example(id, newLabel, newSource, newLabelAt, scoredAt, model, spamProbability, predicted, shadow,
                features);
    }

    private static void checkProbability(final String field, final double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(field + " must be within [0, 1], got " + p);
        }
    }

    private static Map<String, Double> copyFeatures(final Map<String, Double> features) {
        if (features == null || features.isEmpty()) {
            return Map.of();
        }
        final Map<String, Double> copy = new LinkedHashMap<>(features.size() * 2);
        for (final Map.Entry<String, Double> e : features.entrySet()) {
            final String name = e.getKey();
            final Double v = e.getValue();
            if (name == null) {
                throw new IllegalArgumentException("features has a null name");
            }
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("features." + name + " must be a finite number, got " + v);
            }
            copy.put(name, v);
        }
        return Collections.unmodifiableMap(copy);
    }
}
