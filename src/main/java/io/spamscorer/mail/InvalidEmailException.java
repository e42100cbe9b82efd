package io.spamscorer.mail;

import java.util.Objects;

/**
 * Raw bytes that are not a scorable message. The message is one line naming the problem; {@link #reasonClass()} is a
 * short lower-case class for metrics and the dead-letter reason header. No stack trace is captured: these are
 * expected, per-record events.
 */
public final class InvalidEmailException extends RuntimeException {

    /** Over {@link EmailLimits#maxBytes()}; checked before any parsing. */
    public static final String TOO_LARGE = "too_large";
    /** Zero bytes, or only whitespace. */
    public static final String EMPTY = "empty";
    /** JSON, binary junk, or text without a single header field. */
    public static final String NOT_EMAIL = "not_email";
    /** The MIME parser gave up on the structure (lenient mode makes this rare). */
    public static final String UNDECODABLE = "undecodable";

    private static final long serialVersionUID = 1L;

    private final String reasonClass;

    public InvalidEmailException(final String reasonClass, final String message) {
        super(message, null, false, false);
        this.reasonClass = Objects.requireNonNull(reasonClass, "reasonClass == null");
    }

    /** E.g. {@code too_large}, {@code empty}, {@code not_email}, {@code undecodable}. */
    public String reasonClass() {
        return reasonClass;
    }
}
