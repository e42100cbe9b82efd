package io.spamscorer.config;

/**
 * What the input topic carries ({@code scorer.input.format}): {@link #FEATURES} records (JSON, the original
 * contract) or raw RFC 5322 messages ({@link #EMAIL}), which the model's own featurizer turns into features.
 */
public enum InputFormat {
    /** {@code {"id": ..., "features": [...] | {...}}} JSON records. */
    FEATURES,
    /** Raw message bytes, exactly as received; the model must carry a {@code featurizer}. */
    EMAIL
}
