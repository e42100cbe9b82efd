package io.spamscorer.ops;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void shouldReplaceThreadUpToMaxWithinWindowThenShutDownClient() {
        final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(3, WINDOW, clock);

        assertEquals(REPLACE_THREAD, policy.handle(new IllegalStateException("boom 1")));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(REPLACE_THREAD, policy.handle(new IllegalStateException("boom 2")));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(REPLACE_THREAD, policy.handle(new IllegalStateException("boom 3")));
        assertNull(policy.fatalReason(), "no fatal reason while replacements are allowed");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(SHUTDOWN_CLIENT, policy.handle(new IllegalStateException("boom 4")));
        assertNotNull(policy.fatalReason());
        assertTrue(policy.fatalReason().contains("4 times within PT10M"), policy.fatalReason());
        assertTrue(policy.fatalReason().contains("boom 4"), policy.fatalReason());
    }

    @Test
    void shouldAllowReplacementsAgainOnceOldOnesLeaveTheWindow() {
        final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(2, WINDOW, clock);
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("a")));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("b")));

        // The first replacement is now 10 min 1 s old: out of the window, so one slot is free again.
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("c")));
        // "b" (5 min 1 s ago) and "c" (now) are both inside the window: the next death is one too many.
        assertEquals(SHUTDOWN_CLIENT, policy.handle(new RuntimeException("d")));
    }

    @Test
    void shouldResetCompletelyAfterAQuietWindow() {
        final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(2, WINDOW, clock);
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("a")));
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("b")));

        clock.advance(WINDOW.plusMillis(1));
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("c")));
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("d")));
        assertEquals(SHUTDOWN_CLIENT, policy.handle(new RuntimeException("e")));
    }

    @Test
    void shouldCountDeathExactlyAtWindowEdgeAsInsideWindow() {
        final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(1, WINDOW, clock);
        assertEquals(REPLACE_THREAD, policy.handle(new RuntimeException("a")));
        clock.advance(WINDOW);
        assertEquals(SHUTDOWN_CLIENT, policy.handle(new RuntimeException("b")));
    }

    @Test
    void shouldShutDownOnFirstDeathWhenNoReplacementsAllowed() {
        final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(0, WINDOW, clock);
        assertEquals(SHUTDOWN_CLIENT, policy.handle(new RuntimeException("a")));
        assertTrue(policy.fatalReason().contains("1 times"), policy.fatalReason());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(final Instant start) {
            this.now = start;
        }

        void advance(final Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
