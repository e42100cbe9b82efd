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
}
