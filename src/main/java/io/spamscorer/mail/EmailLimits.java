package io.spamscorer.mail;

/**
 * Bounds on one parse, so that a hostile message costs no more than a long one.
 *
 * @param maxBytes       largest accepted raw message; larger ones fail with {@code too_large} before parsing
 *                       (the future key {@code scorer.email.max.bytes})
 * @param maxTextChars   decoded bytes read from all text/plain and text/html parts together; the rest is skipped
 * @param maxHeaders     top-level header fields kept in {@link Email#headers()}
 * @param maxHeaderBytes bytes kept of one header field (name, colon and folded value); the rest is cut
 * @param maxParts       MIME entities (leaves and multiparts) looked at; parsing stops after that many
 * @param maxDepth       nesting of multiparts and message/rfc822 parts; deeper entities are skipped unread
 * @param maxLinks       distinct links kept in {@link Email#links()}
 * @param maxLinkChars   characters kept of one link
 */
public record EmailLimits(long maxBytes, int maxTextChars, int maxHeaders, int maxHeaderBytes, int maxParts,
                          int maxDepth, int maxLinks, int maxLinkChars) {

    /** 10 MiB: the default of {@code scorer.email.max.bytes}. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

    public EmailLimits {
        positive("maxBytes", maxBytes);
        positive("maxTextChars", maxTextChars);
        positive("maxHeaders", maxHeaders);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxParts", maxParts);
        positive("maxDepth", maxDepth);
        positive("maxLinks", maxLinks);
        positive("maxLinkChars", maxLinkChars);
        if (maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be at most " + (Integer.MAX_VALUE - 8) + ", was " + maxBytes);
        }
    }

    /** The defaults: 10 MiB, 1 Mi text chars, 1,000 headers of 16 KiB, 500 parts, depth 20, 1,000 links of 2,048 chars. */
    public static EmailLimits defaults() {
        return new EmailLimits(DEFAULT_MAX_BYTES, 1 << 20, 1000, 16 * 1024, 500, 20, 1000, 2048);
    }

    /** These limits with another {@link #maxBytes()}. */
    public EmailLimits withMaxBytes(final long bytes) {
        return new EmailLimits(bytes, maxTextChars, maxHeaders, maxHeaderBytes, maxParts, maxDepth, maxLinks, maxLinkChars);
    }

    private static void positive(final String name, final long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
