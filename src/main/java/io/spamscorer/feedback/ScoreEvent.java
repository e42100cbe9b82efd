package io.spamscorer.feedback;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The compact "scored" record the scorer sends to the labels join: the live model's result, the shadow's when one
 * scored the record, the wall-clock time of scoring, and the named non-zero features when
 * {@code scorer.examples.topic} captures them (empty otherwise). The record's Kafka timestamp is the input's.
 */
public record ScoreEvent(String id, ModelRef model, double spamProbability, Example.Label predicted,
                         Example.Shadow shadow, long scoredAt, Map<String, Double> features) implements JoinEvent {

    public ScoreEvent {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id is null or empty");
        }
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(predicted, "predicted == null");
        features = features == null || features.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** The labelled example this score makes with {@code label}. */
    public Example example(final LabelEvent label) {
        return new Example(id, label.label(), label.source(), label.labelAt(), scoredAt, model, spamProbability,
                predicted, shadow, features);
    }
}
