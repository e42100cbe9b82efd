package io.spamscorer.stream;

import java.util.Objects;

/**
 * A record that cannot be scored. The message is the human-readable reason that lands in the dead-letter
 * header {@code __streams.errors.message}; no stack trace is captured because these are expected, per-record events.
 */
public final class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public InvalidRecordException(final Reason reason, final String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason == null");
    }

    public Reason reason() {
        return reason;
    }
}
