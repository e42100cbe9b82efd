package io.spamscorer.model;

/** Observes model changes from the model topic, for logs and metrics. */
public interface ModelEvents {

    ModelEvents NONE = new ModelEvents() {
    };

    /** A published model passed validation and is now the one in use. */
    default void accepted(final LoadedModel model) {
    }

    /** A published model was rejected; the previous model stays. */
    default void rejected(final String source, final String reason) {
    }

    /** A published shadow passed the same validation as a live model and is now scored beside the live one. */
    default void shadowAccepted(final LoadedModel shadow) {
    }

    /**
     * A published shadow was rejected; the previous shadow (or none) stays. By default counted as any rejected model,
     * so the existing rejected-models meter covers shadows too.
     */
    default void shadowRejected(final String source, final String reason) {
        rejected(source, reason);
    }

    /** A tombstone on the shadow slot removed the shadow at {@code source}. */
    default void shadowCleared(final String source) {
    }

    /**
     * The shadow became the live model and the shadow slot is empty, in one write. By default reported as an accepted
     * live model, since that is what it is for everything that follows the live model.
     */
    default void promoted(final LoadedModel live) {
        accepted(live);
    }
}
