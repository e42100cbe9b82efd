package io.spamscorer.feedback;

import java.util.Objects;

/**
 * One parsed label record: the user's label for an email id, where it came from (null when not given) and when it
 * was given ({@code at}, else the label record's timestamp), in epoch milliseconds.
 */
public record LabelEvent(String id, Example.Label label, String source, long labelAt) implements JoinEvent {

    public LabelEvent {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id is null or empty");
        }
        Objects.requireNonNull(label, "label == null");
    }
}
