package io.spamscorer.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an uncaught stream-thread error with REPLACE_THREAD at most {@code max} times within {@code window};
 * past that it answers SHUTDOWN_CLIENT, so the process exits non-zero and the orchestrator restarts it. A refused
 * authorization (a missing ACL) answers SHUTDOWN_CLIENT at once, with the missing grant as the reason: a new thread
 * meets the same refusal within seconds, so replacing it would only spend the budget and bury the cause.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Function<Throwable, String> denied;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private volatile String fatalReason;

    public ThreadReplacementPolicy(final int max, final Duration window, final Clock clock) {
        this(max, window, clock, e -> null);
    }

    /**
     * As above; {@code denied} says in one line which grant an authorization failure lacks, or null for any other
     * failure (see {@link AclHint#explain}).
     */
    public ThreadReplacementPolicy(final int max, final Duration window, final Clock clock,
                                   final Function<Throwable, String> denied) {
        this.max = max;
        this.window = window;
        this.clock = clock;
        this.denied = denied;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(final Throwable exception) {
        final String missingGrant = denied.apply(exception);
        if (missingGrant != null) {
            fatalReason = "stream thread died: " + missingGrant;
            LOG.error("shutting down without replacing the stream thread: {}", missingGrant, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        final Instant now = clock.instant();
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(window))) {
            replacements.removeFirst();
        }
        if (replacements.size() < max) {
            replacements.addLast(now);
            LOG.warn("stream thread died ({} of {} replacements allowed within {}); replacing it",
                    replacements.size(), max, window, exception);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        fatalReason = "stream thread died " + (max + 1) + " times within " + window + ": " + exception;
        LOG.error("shutting down: {}", fatalReason, exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** Why the policy gave up, or null while it has not. */
    public String fatalReason() {
        return fatalReason;
    }
}
