package io.spamscorer.feedback;

import java.util.Objects;

/**
 * One model's live quality as this instance's join state has it: the confusion matrix since the model was first
 * labelled, over the last hour and the last 24 hours (by label time), and how many of its scores within
 * {@code scorer.labels.retention} still wait for a label.
 */
public record ModelQuality(ModelRef model, QualityCounts total, QualityCounts lastHour, QualityCounts lastDay,
                           long awaitingLabel) {

    public ModelQuality {
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(total, "total == null");
        Objects.requireNonNull(lastHour, "lastHour == null");
        Objects.requireNonNull(lastDay, "lastDay == null");
    }
}
