package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.Reason;
import io.spamscorer.stream.ScoredRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ScorerMetricsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ModelHolder models = new ModelHolder(loaded("tiny", "7"));
    private final ScorerMetrics metrics = new ScorerMetrics(registry, models::current, Clock.fixed(NOW, ZoneOffset.UTC));

    static LoadedModel loaded(final String name, final String version) {
        final Model m = Model.builder().name(name).version(version).features(List.of("a", "b", "c"))
                .weights(new double[] {2.0, -1.0, 0.5}).bias(-0.5).threshold(0.5).build();
        return new LoadedModel(m, "/models/" + name + "-" + version + ".json", NOW.minusSeconds(60));
    }

    static ScoredRecord record(final String label, final String modelVersion) {
        return new ScoredRecord("id-1", "spam".equals(label) ? 0.9 : 0.1, label, 0.0, 0.5, "tiny", modelVersion,
                NOW.toEpochMilli(), List.of());
    }

    private double scored(final String label) {
        return registry.get(ScorerMetrics.SCORED).tag("label", label).counter().count();
    }

    @Test
    void shouldCountScoredRecordsByLabel() {
        metrics.scored(record("spam", "7"), NOW.toEpochMilli(), 1_000);
        metrics.scored(record("ham", "7"), NOW.toEpochMilli(), 1_000);
        metrics.scored(record("spam", "7"), NOW.toEpochMilli(), 1_000);

        assertEquals(2.0, scored("spam"));
        assertEquals(1.0, scored("ham"));
    }

    @Test
    void shouldRegisterLabelAndReasonSeriesBeforeTheFirstRecord() {
        assertEquals(0.0, scored("spam"));
        assertEquals(0.0, scored("ham"));
        for (final Reason r : Reason.values()) {
            assertEquals(0.0, registry.get(ScorerMetrics.DEAD_LETTERED).tag("reason", r.label()).counter().count(), r.label());
        }
    }

    @Test
    void shouldCountDeadLettersByReason() {
        metrics.deadLettered(Reason.NOT_JSON);
        metrics.deadLettered(Reason.NOT_JSON);
        metrics.deadLettered(Reason.NON_FINITE);

        assertEquals(2.0, registry.get(ScorerMetrics.DEAD_LETTERED).tag("reason", "not_json").counter().count());
        assertEquals(1.0, registry.get(ScorerMetrics.DEAD_LETTERED).tag("reason", "non_finite").counter().count());
        assertEquals(0.0, registry.get(ScorerMetrics.DEAD_LETTERED).tag("reason", "tombstone").counter().count());
    }

    @Test
    void shouldCountUnknownFeatureNames() {
        metrics.unknownFeatures(3);
        metrics.unknownFeatures(2);
        metrics.unknownFeatures(0);

        assertEquals(5.0, registry.get(ScorerMetrics.UNKNOWN_FEATURES).counter().count());
    }

    @Test
    void shouldRecordScoringLatency() {
        metrics.scored(record("ham", "7"), NOW.toEpochMilli(), 2_000_000);
        metrics.scored(record("ham", "7"), NOW.toEpochMilli(), 4_000_000);

        final Timer t = registry.get(ScorerMetrics.SCORING_LATENCY).timer();
        assertEquals(2, t.count());
        assertEquals(6.0, t.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(4.0, t.max(TimeUnit.MILLISECONDS), 1e-9);
    }

    @Test
    void shouldRecordEndToEndLatencyAsNowMinusRecordTimestamp() {
        metrics.scored(record("ham", "7"), NOW.toEpochMilli() - 1_500, 1_000);
        metrics.scored(record("ham", "7"), NOW.toEpochMilli() - 500, 1_000);

        final Timer t = registry.get(ScorerMetrics.END_TO_END_LATENCY).timer();
        assertEquals(2, t.count());
        assertEquals(2_000.0, t.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(1_500.0, t.max(TimeUnit.MILLISECONDS), 1e-9);
    }

    @Test
    void shouldMeasureEndToEndLatencyUpToTheRecordsScoredAt() {
        final ScoredRecord scoredEarlier = new ScoredRecord("id-2", 0.1, "ham", 0.0, 0.5, "tiny", "7",
                NOW.toEpochMilli() - 10_000, List.of());
        metrics.scored(scoredEarlier, NOW.toEpochMilli() - 10_250, 1_000);

        final Timer t = registry.get(ScorerMetrics.END_TO_END_LATENCY).timer();
        assertEquals(1, t.count());
        assertEquals(250.0, t.totalTime(TimeUnit.MILLISECONDS), 1e-9, "scoredAt − timestamp, not the clock's now");
    }

    @Test
    void shouldRecordFutureTimestampsAsZeroAndSkipMissingTimestamps() {
        metrics.scored(record("ham", "7"), NOW.toEpochMilli() + 5_000, 1_000);
        metrics.scored(record("ham", "7"), -1, 1_000);

        final Timer t = registry.get(ScorerMetrics.END_TO_END_LATENCY).timer();
        assertEquals(1, t.count(), "a record without a timestamp (-1) has no end-to-end latency");
        assertEquals(0.0, t.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    }

    @Test
    void shouldComputeSpamRatio() {
        final Gauge ratio = registry.get(ScorerMetrics.SPAM_RATIO).gauge();
        assertEquals(0.0, ratio.value(), "no records yet");

        metrics.scored(record("spam", "7"), NOW.toEpochMilli(), 1);
        metrics.scored(record("ham", "7"), NOW.toEpochMilli(), 1);
        metrics.scored(record("ham", "7"), NOW.toEpochMilli(), 1);
        metrics.scored(record("ham", "7"), NOW.toEpochMilli(), 1);

        assertEquals(0.25, ratio.value(), 1e-12);
    }

    @Test
    void shouldExposeCurrentModelAsInfoGauge() {
        final Gauge info = registry.get(ScorerMetrics.MODEL_INFO).tag("name", "tiny").tag("version", "7").gauge();
        assertEquals(1.0, info.value());
    }

    @Test
    void shouldReplaceModelInfoSeriesWhenTheModelChanges() {
        final Gauge old = registry.get(ScorerMetrics.MODEL_INFO).tag("version", "7").gauge();
        models.swap(loaded("tiny", "8"));

        assertEquals(0.0, old.value(), "a stale series never claims to be the current model");
        metrics.scored(record("ham", "8"), NOW.toEpochMilli(), 1);

        final List<Meter> series = List.copyOf(registry.find(ScorerMetrics.MODEL_INFO).meters());
        assertEquals(1, series.size(), "only the current model has a series: " + series);
        assertEquals("8", series.get(0).getId().getTag("version"));
        assertEquals(1.0, registry.get(ScorerMetrics.MODEL_INFO).tag("version", "8").gauge().value());
        assertNull(registry.find(ScorerMetrics.MODEL_INFO).tag("version", "7").gauge());
    }

    @Test
    void shouldSwitchModelInfoOnRefreshWithoutAnyRecord() {
        models.swap(loaded("other", "1"));
        metrics.refreshModel();

        assertNull(registry.find(ScorerMetrics.MODEL_INFO).tag("name", "tiny").gauge());
        assertEquals(1.0, registry.get(ScorerMetrics.MODEL_INFO).tag("name", "other").tag("version", "1").gauge().value());
    }

    @Test
    void shouldSwitchModelInfoWhenTheWatcherAcceptsAModel() {
        final LoadedModel next = loaded("tiny", "9");
        models.swap(next);
        metrics.accepted(next);

        assertEquals(1, registry.find(ScorerMetrics.MODEL_INFO).meters().size());
        assertEquals(1.0, registry.get(ScorerMetrics.MODEL_INFO).tag("version", "9").gauge().value());
    }

    @Test
    void shouldCountRejectedModels() {
        metrics.rejected("spam-scorer.models-0@3", "model.threshold must be > 0 and < 1, got 2.0");
        metrics.rejected("spam-scorer.models-0@4", "incompatible features");

        assertEquals(2.0, registry.get(ScorerMetrics.MODELS_REJECTED).counter().count());
        assertEquals(1.0, registry.get(ScorerMetrics.MODEL_INFO).tag("version", "7").gauge().value(),
                "a rejected model leaves the current one in place");
    }

    @Test
    void shouldShowNoModelInfoUntilTheSupplierHasAModel() {
        final SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        final java.util.concurrent.atomic.AtomicReference<LoadedModel> ref = new java.util.concurrent.atomic.AtomicReference<>();
        final ScorerMetrics late = new ScorerMetrics(fresh, ref::get);
        assertTrue(fresh.find(ScorerMetrics.MODEL_INFO).meters().isEmpty());

        ref.set(loaded("tiny", "7"));
        late.refreshModel();
        assertEquals(1.0, fresh.get(ScorerMetrics.MODEL_INFO).tag("version", "7").gauge().value());
    }

    @Test
    void shouldKeepOneSeriesWhenTheSameModelIsReloaded() {
        models.swap(loaded("tiny", "7"));
        metrics.refreshModel();

        assertEquals(1, registry.find(ScorerMetrics.MODEL_INFO).meters().size());
        assertEquals(1.0, registry.get(ScorerMetrics.MODEL_INFO).tag("version", "7").gauge().value());
    }

    @Test
    void shouldBindKafkaStreamsClientMetricsAndRemoveThemOnClose() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        final Properties props = new Properties();
        props.putAll(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/scorer-metrics-test"));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            metrics.bindStreams(streams);
            assertThrows(IllegalStateException.class, () -> metrics.bindStreams(streams));

            final Meter kafkaMeter = registry.getMeters().stream()
                    .filter(m -> m.getId().getName().startsWith("kafka."))
                    .findFirst().orElse(null);
            assertNotNull(kafkaMeter, "some Kafka Streams/client metric is bound");
            assertTrue(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("kafka.stream")),
                    "Kafka Streams client metrics are bound: " + registry.getMeters().stream()
                            .map(m -> m.getId().getName()).filter(n -> n.startsWith("kafka.")).sorted().distinct().toList());

            metrics.close();
            assertFalse(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("kafka.")),
                    "closing removes the Kafka meters");
            assertEquals(0.0, scored("spam"), "the app's own meters stay");
        }
    }
}
