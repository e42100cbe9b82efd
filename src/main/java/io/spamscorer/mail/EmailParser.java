package io.spamscorer.mail;

import java.io.IOException;
import java.util.Objects;
import org.apache.james.mime4j.MimeException;

/**
 * Raw RFC 5322 bytes, exactly as received, to the {@link Email} view, with Apache James mime4j (lenient) for the MIME
 * structure and jsoup for HTML. Thread-safe: each call keeps its own state.
 *
 * <p>Rejected with {@link InvalidEmailException}: over {@link EmailLimits#maxBytes()} ({@code too_large}, checked
 * before parsing); zero bytes or only whitespace ({@code empty}); JSON, binary junk or text without a single header
 * field, where JSON is a first byte '{' or '[' and binary is a NUL or more than 1 % control bytes in the header
 * block ({@code not_email}); a structure mime4j cannot read at all ({@code undecodable}: an I/O or MIME error it
 * raises even in lenient mode, never seen on real mail). Everything else parses, however broken: see {@link Email}
 * for what is read and {@link EmailLimits} for what is cut.
 */
public final class EmailParser {

    private final EmailLimits limits;

    public EmailParser(final EmailLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits == null");
    }

    public EmailLimits limits() {
        return limits;
    }

    /**
     * Parses one message.
     *
     * @throws InvalidEmailException naming the problem, with a reason class
     */
    public Email parse(final byte[] raw) {
        Objects.requireNonNull(raw, "raw == null");
        if (raw.length > limits.maxBytes()) {
            throw new InvalidEmailException(InvalidEmailException.TOO_LARGE, "message is " + raw.length
                    + " bytes, over the " + limits.maxBytes() + "-byte limit (scorer.email.max.bytes)");
        }
        final int start = RawShape.check(raw);
        try {
            return new MessageWalker(limits).walk(raw, start);
        } catch (final MimeException | IOException e) {
            throw new InvalidEmailException(InvalidEmailException.UNDECODABLE,
                    "MIME structure could not be read: " + RawShape.oneLine(String.valueOf(e.getMessage())));
        }
    }
}
