package io.spamscorer.train;

/** Training that cannot produce a usable model (diverging loss, no threshold meeting a constraint). */
public final class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(final String message) {
        super(message);
    }
}
