package io.spamscorer.train;

/**
 * A topic could not be read to its end: the cluster was unreachable, the topic had no leader or did not exist
 * within the timeout. Unlike a {@link DatasetException} the input itself may be fine, so the command fails with
 * "retry" (exit 1) rather than "fix the input" (exit 2). The message names the topic.
 */
public final class TopicReadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TopicReadException(final String message) {
        super(message);
    }

    public TopicReadException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
