package io.spamscorer.stream;

import java.util.Objects;

/**
 * A record that cannot be scored. The message is the human-readable reason that lands in the dead-letter
 * header {@code __streams.errors.message}; no stack trace is captured because these are expected, per-record events.
 */
public final class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final boolean headOnly;

    public InvalidRecordException(final Reason reason, final String message) {
        this(reason, message, false);
    }

    /**
     * @param headOnly the dead letter keeps only the head of the value ({@link DeadLetters#TOO_LARGE_KEPT_BYTES}):
     *                 for raw messages over {@code scorer.email.max.bytes}, which may be of any size
     */
    InvalidRecordException(final Reason reason, final String message, final boolean headOnly) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason == null");
        this.headOnly = headOnly;
    }

    public Reason reason() {
        return reason;
    }

    boolean headOnly() {
        return headOnly;
    }
}
