package io.spamscorer.stream;

/** Observes what the scoring path does, for metrics; implementations must be thread-safe and cheap. */
public interface ScoringListener {

    ScoringListener NONE = new ScoringListener() {
    };

    /** A record was scored; {@code nanos} is the time spent parsing and scoring it. */
    default void scored(final ScoredRecord record, final long inputTimestampMillis, final long nanos) {
    }

    /** A named record carried {@code count} feature names the model does not know. */
    default void unknownFeatures(final int count) {
    }

    /** The shadow model scored a record; its result is not on the output topic, so it is not in {@link #scored}. */
    default void shadowScored(final ScoredRecord record) {
    }

    /** A record went to the dead-letter topic. */
    default void deadLettered(final Reason reason) {
    }
}
