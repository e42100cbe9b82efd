package io.spamscorer.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an uncaught stream-thread error with REPLACE_THREAD at most {@code max} times within {@code window};
 * past that it answers SHUTDOWN_CLIENT, so the process exits non-zero and the orchestrator restarts it.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private volatile String fatalReason;

    public ThreadReplacementPolicy(final int max, final Duration window, final Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(final Throwable exception) {
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
