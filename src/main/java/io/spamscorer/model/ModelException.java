package io.spamscorer.model;

/** A model that fails validation; the message names the field, e.g. {@code model.weights[3] is NaN}. */
public final class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelException(final String message) {
        super(message);
    }

    public ModelException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
