package io.spamscorer.train;

/**
 * A training or evaluation CSV that cannot be used; the message names the file, the 1-based line and the
 * column, e.g. {@code data/x.csv line 7, column word_freq_make: 'abc' is not a number}.
 */
public final class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetException(final String message) {
        super(message);
    }

    public DatasetException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
