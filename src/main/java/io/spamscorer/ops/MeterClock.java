package io.spamscorer.ops;

import io.micrometer.core.instrument.Clock;

/**
 * The meter registry's clock: the system clock, except while a thread has pinned its wall time. Micrometer's timers
 * read the wall clock twice per recorded value (the time-window max and the histogram check whether to rotate), and
 * on this project's VMs one {@code System.currentTimeMillis()} costs ~30 ns of CPU; {@link LatencyTimers} pins the
 * wall time to the record's own {@code scoredAt}, read a moment earlier, while it records that record's latencies.
 * The window rotations then happen at the same instants to the millisecond, without the clock reads.
 *
 * <p>A pin is the calling thread's own (a {@link ThreadLocal}): every other thread, the scrape included, keeps
 * reading the system clock. {@link #monotonicTime()} is never pinned.
 */
final class MeterClock implements Clock {

    static final MeterClock SYSTEM = new MeterClock();

    /** {@code pin[0]} is the pinned wall time in epoch ms, or {@link #UNPINNED}. */
    private static final long UNPINNED = Long.MIN_VALUE;

    private final ThreadLocal<long[]> pins = ThreadLocal.withInitial(() -> new long[] {UNPINNED});

    private MeterClock() {
    }

    /** The calling thread's pin cell, for {@link #pin} and {@link #unpin}. */
    long[] pinOfThisThread() {
        return pins.get();
    }

    static void pin(final long[] pin, final long wallTimeMillis) {
        pin[0] = wallTimeMillis;
    }

    static void unpin(final long[] pin) {
        pin[0] = UNPINNED;
    }

    @Override
    public long wallTime() {
        final long pinned = pins.get()[0];
        return pinned != UNPINNED ? pinned : System.currentTimeMillis();
    }

    @Override
    public long monotonicTime() {
        return System.nanoTime();
    }
}
