package io.spamscorer.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two per-record latency histograms of {@link ScorerMetrics}. On a registry whose clock is {@link MeterClock}
 * they read no clock: the record's {@code scoredAt}, read by the processor a moment earlier, is the "now" of the
 * end-to-end latency and the wall time of the timers' windows. Each {@code System.currentTimeMillis()} costs ~30 ns on
 * this project's VMs, and Micrometer's timer reads the wall clock twice per record.
 */
final class LatencyTimers {

    private final Timer scoring;
    private final Timer endToEnd;
    /** Null when the registry runs on another clock; the timers then read it themselves. */
    private final MeterClock clock;

    LatencyTimers(final MeterRegistry registry) {
        this.scoring = Timer.builder(ScorerMetrics.SCORING_LATENCY)
                .description("Time spent parsing and scoring one record")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        this.endToEnd = Timer.builder(ScorerMetrics.END_TO_END_LATENCY)
                .description("Time from the input record's timestamp to its scoring")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.clock = registry.config().clock() instanceof MeterClock c ? c : null;
    }

    /**
     * @param nanos                the time spent parsing and scoring the record
     * @param inputTimestampMillis the input record's timestamp; negative when it has none (no end-to-end latency)
     * @param scoredAtMillis       the record's {@code scoredAt}, from this JVM's system clock
     */
    void record(final long nanos, final long inputTimestampMillis, final long scoredAtMillis) {
        final long[] pin = clock == null ? null : clock.pinOfThisThread();
        if (pin != null) {
            MeterClock.pin(pin, scoredAtMillis);
        }
        try {
            scoring.record(nanos, TimeUnit.NANOSECONDS);
            if (inputTimestampMillis >= 0) {
                // A producer clock ahead of ours would give a negative latency, which a timer drops; count it as 0.
                endToEnd.record(Math.max(0, scoredAtMillis - inputTimestampMillis), TimeUnit.MILLISECONDS);
            }
        } finally {
            if (pin != null) {
                MeterClock.unpin(pin);
            }
        }
    }
}
