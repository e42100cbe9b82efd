package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.stream.ScoringTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Quality figures against a hand computation, shadow and live outputs kept apart, and the topology's shape (unchanged
 * with the feedback keys off, co-partitioned when on) through TopologyTestDriver.
 */
class QualityAndShadowTopologyTest extends FeedbackTopologyTestBase {

    @Test
    void shouldMatchAHandComputedConfusionMatrixInTotalAndOverTheLastHourAndDay() {
        start(Map.of());
        final Instant now = T0.plus(Duration.ofDays(2));
        final Instant scoredAt = now.minus(Duration.ofHours(31));
        final Instant labelledAt = now.minus(Duration.ofMinutes(1));
        final Instant inHour = now.minus(Duration.ofMinutes(30));
        final Instant inDay = now.minus(Duration.ofHours(5));
        final Instant older = now.minus(Duration.ofHours(30));
        // id, features, label, label time: last hour tp 2 fp 1 tn 1 fn 0; 1-24 h tp 1 tn 2 fn 1; older fp 1 fn 1
        final Object[][] cases = {
            {"h1", SPAMMY, "spam", inHour}, {"h2", SPAMMY, "spam", inHour}, {"h3", SPAMMY, "ham", inHour},
            {"h4", HAMMY, "ham", inHour},
            {"d1", SPAMMY, "spam", inDay}, {"d2", HAMMY, "ham", inDay}, {"d3", HAMMY, "ham", inDay},
            {"d4", HAMMY, "spam", inDay},
            {"o1", SPAMMY, "ham", older}, {"o2", HAMMY, "spam", older},
        };
        for (final Object[] c : cases) {
            score((String) c[0], (String) c[1], scoredAt);
        }
        score("waiting-1", SPAMMY, scoredAt);
        score("waiting-2", HAMMY, scoredAt);
        for (final Object[] c : cases) {
            label((String) c[0], (String) c[2], labelledAt, (Instant) c[3]);
            example();
        }

        final ModelQuality q = of(LIVE, now);
        assertEquals(new QualityCounts(2, 1, 1, 0), q.lastHour());
        assertEquals(new QualityCounts(3, 1, 3, 1), q.lastDay());
        assertEquals(new QualityCounts(3, 2, 3, 2), q.total());
        assertEquals(2, q.awaitingLabel());
        assertEquals(2.0 / 3, q.lastHour().precision(), 1e-12);
        assertEquals(1.0, q.lastHour().recall(), 1e-12);
        assertEquals(0.5, q.lastHour().falsePositiveRate(), 1e-12);
        assertEquals(0.75, q.lastHour().accuracy(), 1e-12);
        assertEquals(0.75, q.lastDay().precision(), 1e-12);
        assertEquals(0.75, q.lastDay().recall(), 1e-12);
        assertEquals(0.25, q.lastDay().falsePositiveRate(), 1e-12);
        assertEquals(0.75, q.lastDay().accuracy(), 1e-12);
        assertEquals(0.6, q.total().precision(), 1e-12);
        assertEquals(0.6, q.total().recall(), 1e-12);
        assertEquals(0.4, q.total().falsePositiveRate(), 1e-12);
        assertEquals(0.6, q.total().accuracy(), 1e-12);

        // an hour later the last hour's examples have moved into the day only
        final ModelQuality later = of(LIVE, now.plus(Duration.ofMinutes(61)));
        assertEquals(QualityCounts.ZERO, later.lastHour());
        assertEquals(new QualityCounts(3, 1, 3, 1), later.lastDay());

        // the wall clock passes a day: the minute buckets are dropped, the totals stay
        driver.advanceWallClockTime(Duration.between(T0, now.plus(Duration.ofDays(1))));
        final ModelQuality dayLater = of(LIVE, now.plus(Duration.ofDays(1)));
        assertEquals(QualityCounts.ZERO, dayLater.lastDay());
        assertEquals(new QualityCounts(3, 2, 3, 2), dayLater.total());
        try (var it = driver.<String, long[]>getKeyValueStore(FeedbackTopology.qualityStore()).all()) {
            it.forEachRemaining(kv -> assertFalse(kv.key.startsWith("m"), "bucket " + kv.key + " outlived the day"));
        }
    }

    @Test
    void shouldKeepShadowAndLiveOutputsApart() {
        start(Map.of());
        score("before", SPAMMY, T0);
        assertTrue(shadow.isEmpty(), "no shadow published, no shadow record");

        models.swapShadow(shadowModel);
        input.pipeInput(utf8("k1"), utf8("{\"id\":\"m1\",\"features\":" + SPAMMY + "}"), T0);
        input.pipeInput(utf8("k2"), utf8("{\"id\":\"m2\",\"features\":" + HAMMY + "}"), T0);
        final List<TestRecord<byte[], byte[]>> live = output.readRecordsToList();
        final List<TestRecord<byte[], byte[]>> shadows = shadow.readRecordsToList();
        assertEquals(2, live.size());
        assertEquals(2, shadows.size());
        for (int i = 0; i < 2; i++) {
            assertEquals("tiny", ExampleJsonTestSupport.field(live.get(i).value(), "model.name"), "live on the output");
            assertEquals("tiny-shadow", ExampleJsonTestSupport.field(shadows.get(i).value(), "model.name"),
                    "shadow on the shadow topic");
            assertArrayEquals(live.get(i).key(), shadows.get(i).key(), "the same key on both");
        }
        assertEquals("spam", ExampleJsonTestSupport.field(live.get(0).value(), "label"));
        assertEquals("ham", ExampleJsonTestSupport.field(shadows.get(0).value(), "label"));
        assertEquals(3, of(LIVE, T0).awaitingLabel());
        assertEquals(2, of(CHALLENGER, T0).awaitingLabel(), "the shadow's scores wait for labels too");
    }

    @Test
    void shouldNeverDeadLetterOrDropALiveRecordWhenTheShadowCannotScoreIt() {
        start(Map.of());
        models.swapShadow(brokenShadow);
        final long failures = ShadowStats.failures();
        score("m1", SPAMMY, T0);
        assertTrue(shadow.isEmpty());
        assertTrue(dlq.isEmpty());
        assertEquals(failures + 1, ShadowStats.failures());
        label("m1", "spam", T0.plusSeconds(1));
        assertNull(example().shadow(), "a shadow that did not score is not in the example");
    }

    @Test
    void shouldScoreWithoutTheJoinWhenOnlyTheShadowTopicIsSet() {
        start(Map.of(ScorerConfig.LABELS_TOPIC, "", ScorerConfig.EXAMPLES_TOPIC, ""));
        models.swapShadow(shadowModel);
        score("m1", SPAMMY, T0);
        assertEquals("tiny-shadow", ExampleJsonTestSupport.field(shadow.readValue(), "model.name"));
    }

    @Test
    void shouldNotCaptureFeaturesWithoutTheExamplesTopic() {
        start(Map.of(ScorerConfig.EXAMPLES_TOPIC, ""));
        score("m1", SPAMMY, T0);
        label("m1", "spam", T0.plusSeconds(1));
        assertEquals(new QualityCounts(1, 0, 0, 0), of(LIVE, T0).total());
        assertTrue(joinStore().get("m1").score().features().isEmpty());
    }

    @Test
    void shouldLeaveTheTopologyAsItWasWhenTheFeedbackKeysAreOff() throws IOException {
        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092", ScorerConfig.MODEL_PATH, TINY));
        final ModelHolder holder = new ModelHolder(new LoadedModel(ModelLoader.load(config.modelPath()), "test", T0));
        assertEquals(Files.readString(Path.of("src/test/resources/feedback/topology-features-before.txt")),
                ScoringTopology.build(config, holder, ScoringListener.NONE).describe().toString());
    }

    @Test
    void shouldRepartitionBothSidesOfTheJoinIntoTheConfiguredPartitions() {
        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092", ScorerConfig.MODEL_PATH, TINY,
                ScorerConfig.LABELS_TOPIC, LABELS, ScorerConfig.LABELS_PARTITIONS, "6"));
        final ModelHolder holder = new ModelHolder(new LoadedModel(ModelLoader.load(config.modelPath()), "test", T0));
        final org.apache.kafka.streams.Topology t = ScoringTopology.build(config, holder, ScoringListener.NONE);
        final String d = t.describe().toString();
        assertTrue(d.contains("Sink: scored-emails (topic: emails.scored)"), d);
        assertTrue(d.contains("feedback-scores-repartition"), d);
        assertTrue(d.contains("feedback-labels-repartition"), d);
        assertTrue(d.contains("stores: [feedback-expiry, feedback-join, feedback-quality]"), d);
        assertEquals(Map.of("feedback-scores-repartition", 6, "feedback-labels-repartition", 6), repartitionPartitions(t, config.applicationId()),
                "both sides of the join get scorer.labels.partitions, so they are co-partitioned by id");
    }

    /** Each repartition topic's partition count as the topology declares it (Streams internals: no public view). */
    private static Map<String, Integer> repartitionPartitions(final org.apache.kafka.streams.Topology t, final String appId) {
        try {
            final java.lang.reflect.Field f = org.apache.kafka.streams.Topology.class.getDeclaredField("internalTopologyBuilder");
            f.setAccessible(true);
            final var b = (org.apache.kafka.streams.processor.internals.InternalTopologyBuilder) f.get(t);
            b.setApplicationId(appId);
            final Map<String, Integer> out = new java.util.TreeMap<>();
            b.subtopologyToTopicsInfo().values().forEach(info -> info.repartitionSourceTopics.forEach((name, cfg) ->
                    out.put(name.substring(appId.length() + 1), cfg.numberOfPartitions().orElse(-1))));
            return out;
        } catch (final ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
