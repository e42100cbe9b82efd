package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.ScoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the registry {@code run} deploys (its clock pinned per thread to each record's {@code scoredAt} while the
 * timers record), records scored on several threads at once are all in the scrape that follows, exactly once.
 */
class ScorerMetricsScrapeTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 845;

    private final PrometheusMeterRegistry registry = ScorerMetrics.prometheusRegistry();
    private final ModelHolder models = new ModelHolder(ScorerMetricsTest.loaded("tiny", "7"));
    private final ScorerMetrics metrics = new ScorerMetrics(registry, models);
    private final long now = System.currentTimeMillis();

    @AfterEach
    void close() {
        metrics.close();
        registry.close();
    }

    private String scrape() {
        metrics.refreshModel();
        return registry.scrape();
    }

    private static double sample(final String body, final String series) {
        return HttpEndpointsTest.sample(body, series);
    }

    /**
     * Record i of a thread: spam when i % 3 == 0; (i + 1) µs of scoring; (i % 50) ms end to end; scored i ms after
     * the test started, so that the threads pin different wall times at once.
     */
    private void score(final int i) {
        final String label = i % 3 == 0 ? "spam" : "ham";
        final long scoredAt = now + i;
        metrics.scored(new ScoredRecord("id-" + i, 0.5, label, 0.0, 0.5, "tiny", "7", scoredAt, List.of()),
                scoredAt - i % 50, (i + 1) * 1_000L);
    }

    private static long spamOf(final int n) {
        return (n + 2) / 3;
    }

    private static double scoringSecondsOf(final int n) {
        return n * (n + 1) / 2.0 * 1e-6;
    }

    private static double endToEndSecondsOf(final int n) {
        double ms = 0;
        for (int i = 0; i < n; i++) {
            ms += i % 50;
        }
        return ms / 1_000.0;
    }

    private void assertScrapeShows(final String body, final int threads, final int perThread) {
        assertEquals(threads * spamOf(perThread), sample(body, "spam_scorer_records_scored_total{label=\"spam\"}"), body);
        assertEquals(threads * (perThread - spamOf(perThread)),
                sample(body, "spam_scorer_records_scored_total{label=\"ham\"}"), body);
        assertEquals(threads * perThread, sample(body, "spam_scorer_scoring_latency_seconds_count"), body);
        assertEquals(threads * perThread, sample(body, "spam_scorer_scoring_latency_seconds_bucket{le=\"+Inf\"}"), body);
        assertEquals(threads * scoringSecondsOf(perThread), sample(body, "spam_scorer_scoring_latency_seconds_sum"),
                1e-9, body);
        assertEquals(threads * perThread, sample(body, "spam_scorer_end_to_end_latency_seconds_count"), body);
        assertEquals(threads * endToEndSecondsOf(perThread), sample(body, "spam_scorer_end_to_end_latency_seconds_sum"),
                1e-9, body);
        assertEquals(spamOf(perThread) / (double) perThread, sample(body, "spam_scorer_spam_ratio"), 1e-12, body);
    }

    @Test
    void shouldShowEveryRecordOfSeveralThreadsInTheScrapeThatFollows() throws Exception {
        final CountDownLatch scored = new CountDownLatch(THREADS);
        final CountDownLatch scraped = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(started("stream-" + t, () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    score(i);
                }
                scored.countDown();
                awaitQuietly(scraped);
            }));
        }
        assertTrue(scored.await(30, TimeUnit.SECONDS));
        final String body = scrape();
        scraped.countDown();
        for (final Thread t : threads) {
            t.join();
        }
        assertScrapeShows(body, THREADS, PER_THREAD);
    }

    @Test
    void shouldNeitherLoseNorRepeatRecordsWhileScrapesRunConcurrently() throws Exception {
        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicReference<String> problem = new AtomicReference<>();
        final Thread scraper = started("http", () -> {
            double last = 0;
            while (writing.get()) {
                final double seen = sample(scrape(), "spam_scorer_scoring_latency_seconds_count");
                if (seen < last) {
                    problem.compareAndSet(null, "count went back from " + last + " to " + seen);
                }
                last = seen;
            }
        });
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(started("stream-" + t, () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    score(i);
                }
            }));
        }
        for (final Thread t : threads) {
            t.join();
        }
        writing.set(false);
        scraper.join();
        assertEquals(null, problem.get());
        assertScrapeShows(scrape(), THREADS, PER_THREAD);
    }

    private static Thread started(final String name, final Runnable body) {
        final Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private static void awaitQuietly(final CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
