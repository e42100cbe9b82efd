package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.ScoredRecord;
import io.spamscorer.train.ScoreHistogram;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScoreDriftTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    /** Training: half the scores in bin 0, half in bin 9. */
    static final long[] TRAINING = {50, 0, 0, 0, 0, 0, 0, 0, 0, 50};

    private final AtomicLong now = new AtomicLong(T0.toEpochMilli());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ModelHolder models = new ModelHolder(model("live", "1", TRAINING));
    private final ScoreDrift drift = new ScoreDrift(registry, models::snapshot, clock(now));

    static Clock clock(final AtomicLong millis) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(final ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.get());
            }
        };
    }

    /** A model whose training block has {@code histogram}, or none when null. */
    static LoadedModel model(final String name, final String version, final long[] histogram) {
        final ObjectNode training = Json.mapper().createObjectNode();
        if (histogram != null) {
            training.set(ScoreHistogram.FIELD, ScoreHistogram.ofCounts(histogram).toJson());
        }
        final Model m = Model.builder().name(name).version(version).features(List.of("a"))
                .weights(new double[] {1.0}).bias(0.0).threshold(0.5).training(training).build();
        return new LoadedModel(m, "/models/" + name + ".json", T0);
    }

    private static void score(final ScoreDrift d, final LoadedModel m, final double p, final int times) {
        final ScoredRecord r = new ScoredRecord("id", p, p >= 0.5 ? "spam" : "ham", 0.0, 0.5, m.model().name(),
                m.model().version(), 0L, List.of());
        for (int i = 0; i < times; i++) {
            d.record(r);
        }
    }

    private double psiGauge(final String name, final String version) {
        return registry.get(ScoreDrift.PSI).tag("model", name).tag("version", version).gauge().value();
    }

    @Test
    void shouldGaugeThePsiOfLiveScoresAgainstTheTrainingHistogram() {
        final LoadedModel live = models.current();
        score(drift, live, 0.05, 80); // bin 0
        score(drift, live, 0.95, 20); // bin 9
        drift.refresh();
        // shares 0.8 / 0.2 against 0.5 / 0.5: (0.3)ln(1.6) + (-0.3)ln(0.4) = 0.1410 + 0.2749
        final double hand = 0.3 * Math.log(0.8 / 0.5) + (-0.3) * Math.log(0.2 / 0.5);
        assertEquals(hand, psiGauge("live", "1"), 1e-12);
        assertEquals(100.0, registry.get(ScoreDrift.SCORES).tag("model", "live").gauge().value());
        final ScoreDrift.Figure f = drift.figure(new ModelRef("live", "1"));
        assertEquals("significant", f.level());
        assertNull(f.reason());
    }

    @Test
    void shouldReportNaNWithAReasonBelowTheMinimumNumberOfScores() {
        score(drift, models.current(), 0.05, ScoreDrift.MIN_SCORES - 1);
        drift.refresh();
        assertTrue(Double.isNaN(psiGauge("live", "1")));
        assertTrue(drift.figure(new ModelRef("live", "1")).reason().startsWith("fewer than 100 live scores"));
    }

    @Test
    void shouldHaveNoGaugeButAReasonForAModelWithoutAHistogram() {
        models.swap(model("old", "3", null));
        score(drift, models.current(), 0.5, 200);
        drift.refresh();
        assertTrue(registry.find(ScoreDrift.PSI).tag("model", "old").meters().isEmpty());
        final ScoreDrift.Figure f = drift.figure(new ModelRef("old", "3"));
        assertTrue(Double.isNaN(f.psi()));
        assertEquals(200, f.scores());
        assertTrue(f.reason().contains("no training.scoreHistogram"), f.reason());
    }

    @Test
    void shouldSlideTheWindowByTheHourAndForgetScoresOlderThanADay() {
        final LoadedModel live = models.current();
        drift.refresh();
        score(drift, live, 0.05, 500); // early: all in bin 0
        for (int hour = 1; hour <= 24; hour++) {
            now.addAndGet(Duration.ofHours(1).toMillis());
            drift.refresh();
        }
        score(drift, live, 0.95, 50);
        score(drift, live, 0.05, 50);
        now.addAndGet(Duration.ofMinutes(30).toMillis());
        drift.refresh();
        assertEquals(600, drift.figure(new ModelRef("live", "1")).scores(),
                "at T0+24.5h the newest snapshot at least 24 h old is T0's: the early scores may be in the last 24 h");
        now.addAndGet(Duration.ofMinutes(30).toMillis());
        drift.refresh();
        // The 500 early scores were counted before the snapshot at T0+1h, which is now 24 h old.
        final ScoreDrift.Figure f = drift.figure(new ModelRef("live", "1"));
        assertEquals(100, f.scores());
        assertEquals(0.0, f.psi(), 1e-12, "50/50 like the training histogram");
        assertEquals(T0.plus(Duration.ofHours(1)).toEpochMilli(), f.sinceMillis());
    }

    @Test
    void shouldTrackTheShadowAndDropARetiredModelsSeries() {
        final LoadedModel shadow = model("challenger", "2", TRAINING);
        models.swapShadow(shadow);
        score(drift, shadow, 0.95, 100);
        score(drift, models.current(), 0.05, 50);
        score(drift, models.current(), 0.95, 50);
        drift.refresh();
        assertEquals(0.0, psiGauge("live", "1"), 1e-12);
        assertTrue(psiGauge("challenger", "2") > 0.25, "all shadow scores in one bin");
        models.promote(shadow);
        drift.refresh();
        assertTrue(registry.find(ScoreDrift.PSI).tag("model", "live").meters().isEmpty(), "retired model's series removed");
        assertNull(drift.figure(new ModelRef("live", "1")));
        score(drift, models.current(), 0.95, 1); // a record scored by the retired model after the swap is ignored
        assertEquals(101, registry.get(ScoreDrift.SCORES).tag("model", "challenger").gauge().value() + 1);
    }

    @Test
    void shouldCountAScoredRecordWithoutAllocating() {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final LoadedModel live = models.current();
        final ScoredRecord r = new ScoredRecord("id", 0.42, "ham", 0.0, 0.5, live.model().name(), live.model().version(),
                0L, List.of());
        for (int i = 0; i < 200_000; i++) { // warm up: the first record takes the slow path and fills the cache
            drift.record(r);
        }
        final long tid = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 1_000_000; i++) {
            drift.record(r);
        }
        final long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // One allocation per record would be at least 16 MB; the allowance covers the measurement's own bytes.
        assertTrue(allocated < 100_000, "allocated " + allocated + " bytes for 1,000,000 records");
        drift.refresh();
        assertEquals(1_200_000, drift.figure(new ModelRef("live", "1")).scores());
    }
}
