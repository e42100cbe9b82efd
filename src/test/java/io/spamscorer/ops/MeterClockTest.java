package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.ScoredRecord;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeterClockTest {

    private static final long PINNED = 1_000_000_000_000L; // 2001: never the system clock's answer today

    @Test
    void shouldAnswerThePinnedWallTimeOnThePinningThreadOnly() throws Exception {
        final long[] pin = MeterClock.SYSTEM.pinOfThisThread();
        MeterClock.pin(pin, PINNED);
        try {
            assertEquals(PINNED, MeterClock.SYSTEM.wallTime());
            final AtomicLong other = new AtomicLong();
            final Thread t = new Thread(() -> other.set(MeterClock.SYSTEM.wallTime()), "scrape");
            t.start();
            t.join();
            assertTrue(other.get() > PINNED, "another thread reads the system clock: " + other.get());
            assertNotEquals(PINNED, MeterClock.SYSTEM.monotonicTime(), "monotonic time is never pinned");
        } finally {
            MeterClock.unpin(pin);
        }
        final long before = System.currentTimeMillis();
        final long unpinned = MeterClock.SYSTEM.wallTime();
        assertTrue(unpinned >= before && unpinned <= System.currentTimeMillis(), "unpinned: the system clock");
    }

    @Test
    void shouldBeTheClockOfTheDeployedRegistry() {
        final PrometheusMeterRegistry registry = ScorerMetrics.prometheusRegistry();
        assertSame(MeterClock.SYSTEM, registry.config().clock());
        registry.close();
    }

    @Test
    void shouldRollTheLatencyMaxOverOnTheRecordsScoredAtRatherThanTheSystemClock() {
        final PrometheusMeterRegistry registry = ScorerMetrics.prometheusRegistry();
        final ScorerMetrics metrics = new ScorerMetrics(registry, new ModelHolder(ScorerMetricsTest.loaded("tiny", "7")));
        final long now = System.currentTimeMillis();
        metrics.scored(record(now), now, 900_000_000);
        // Three minutes on by the record's scoredAt, past the two-minute window of the max: the 900 ms one is gone.
        final long later = now + 180_000;
        metrics.scored(record(later), later, 1_000_000);
        metrics.refreshModel();

        final Timer t = registry.get(ScorerMetrics.SCORING_LATENCY).timer();
        assertEquals(2, t.count());
        assertEquals(1.0, t.max(TimeUnit.MILLISECONDS), 1e-9, "a system-clock window would still show 900 ms");
        metrics.close();
        registry.close();
    }

    @Test
    void shouldExposeTheSameSeriesAndValuesAsARegistryOnTheSystemClock() {
        final PrometheusMeterRegistry deployed = ScorerMetrics.prometheusRegistry();
        final PrometheusMeterRegistry plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final long now = System.currentTimeMillis();
        for (final PrometheusMeterRegistry registry : List.of(deployed, plain)) {
            final ScorerMetrics metrics = new ScorerMetrics(registry, new ModelHolder(ScorerMetricsTest.loaded("tiny", "7")));
            for (int i = 0; i < 1_000; i++) {
                final ScoredRecord r = new ScoredRecord("id", 0.5, i % 4 == 0 ? "spam" : "ham", 0.0, 0.5, "tiny", "7",
                        now, List.of());
                metrics.scored(r, i % 10 == 0 ? -1 : now - i * 7L, 1_000L + i * 997L);
            }
            metrics.refresh();
            metrics.close();
        }
        assertEquals(own(plain.scrape()), own(deployed.scrape()));
        deployed.close();
        plain.close();
    }

    /** The app's own lines of an exposition: metadata, series and values. */
    private static List<String> own(final String exposition) {
        return exposition.lines().filter(l -> l.contains("spam_scorer_")).sorted().toList();
    }

    private static ScoredRecord record(final long scoredAt) {
        return new ScoredRecord("id", 0.1, "ham", 0.0, 0.5, "tiny", "7", scoredAt, List.of());
    }
}
