package io.spamscorer.features;

/** A {@code featurizer} description that cannot be used; the message names the field. */
public final class FeaturizerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FeaturizerException(final String message) {
        super(message);
    }
}
