package io.spamscorer.model;

/** A feature vector the neuron cannot score; the message names the feature and the problem. */
public final class ScoringException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScoringException(final String message) {
        super(message, null, false, false);
    }
}
