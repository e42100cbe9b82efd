package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Neuron;
import io.spamscorer.stream.DeadLetters;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.stream.ScoringTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labels join through TopologyTestDriver, built from {@link ScoringTopology#build} and {@link ScorerConfig#of}:
 * feature-record input with the tiny model (weights [2, -1, 0.5], bias -0.5, threshold 0.5), so [1, 0, 0] is
 * predicted spam and [0, 0, 0] ham; the shadow model has the opposite signs and predicts the opposite.
 */
class LabelJoinTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-28T17:00:00Z");
    private static final String TINY = "src/test/resources/tiny-model.json";
    private static final String LABELS = "emails.labels";
    private static final String EXAMPLES = "emails.examples";
    private static final String SHADOW = "emails.shadow";
    private static final String SPAMMY = "[1,0,0]";
    private static final String HAMMY = "[0,0,0]";
    private static final ModelRef LIVE = new ModelRef("tiny", "7");
    private static final ModelRef CHALLENGER = new ModelRef("tiny-shadow", "8");

    @TempDir
    static Path dir;
    static LoadedModel shadowModel;
    static LoadedModel brokenShadow;

    private TopologyTestDriver driver;
    private ModelHolder models;
    private TestInputTopic<byte[], byte[]> input;
    private TestInputTopic<byte[], byte[]> labels;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<byte[], byte[]> examples;
    private TestOutputTopic<byte[], byte[]> shadow;

    @BeforeAll
    static void writeShadowModels() throws IOException {
        final Path p = dir.resolve("shadow.json");
        Files.writeString(p, "{\"name\":\"tiny-shadow\",\"version\":\"8\",\"features\":[\"a\",\"b\",\"c\"],"
                + "\"weights\":[-2.0,1.0,-0.5],\"bias\":0.5,\"threshold\":0.5}");
        shadowModel = new LoadedModel(ModelLoader.load(p), "test", T0);
        final Path q = dir.resolve("broken-shadow.json");
        Files.writeString(q, "{\"name\":\"four\",\"version\":\"1\",\"features\":[\"a\",\"b\",\"c\",\"d\"],"
                + "\"weights\":[1.0,1.0,1.0,1.0],\"bias\":0.0,\"threshold\":0.5}");
        brokenShadow = new LoadedModel(ModelLoader.load(q), "test", T0);
    }

    private void start(final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        values.put(ScorerConfig.MODEL_PATH, TINY);
        values.put(ScorerConfig.LABELS_TOPIC, LABELS);
        values.put(ScorerConfig.EXAMPLES_TOPIC, EXAMPLES);
        values.put(ScorerConfig.SHADOW_TOPIC, SHADOW);
        // the join's stores are persistent: a directory of this test's own, not a shared /tmp/kafka-streams
        values.put("state.dir", dir.resolve("state").toString());
        values.putAll(overrides);
        final ScorerConfig config = ScorerConfig.of(values);
        models = new ModelHolder(new LoadedModel(ModelLoader.load(config.modelPath()), "test", T0));
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE), T0);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic(LABELS, new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        examples = driver.createOutputTopic(EXAMPLES, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        shadow = driver.createOutputTopic(SHADOW, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver == null) {
            return;
        }
        try {
            assertTrue(output.isEmpty(), "unexpected output records");
            assertTrue(dlq.isEmpty(), "unexpected dead-letter records");
            assertTrue(examples.isEmpty(), "unexpected examples");
            assertTrue(shadow.isEmpty(), "unexpected shadow records");
        } finally {
            driver.close();
        }
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Scores one record and takes its live output record off the output topic. */
    private void score(final String id, final String features, final Instant at) {
        input.pipeInput(null, utf8("{\"id\":\"" + id + "\",\"features\":" + features + "}"), at);
        assertEquals(id, ExampleJsonTestSupport.field(output.readValue(), "id"));
    }

    private void label(final String id, final String label, final Instant at) {
        labels.pipeInput(utf8(id), utf8("{\"id\":\"" + id + "\",\"label\":\"" + label + "\",\"source\":\"user\"}"), at);
    }

    /** A label whose {@code at} (label time, which the quality windows use) differs from its record time. */
    private void label(final String id, final String label, final Instant recordTime, final Instant labelAt) {
        labels.pipeInput(utf8(id), utf8("{\"id\":\"" + id + "\",\"label\":\"" + label + "\",\"at\":\"" + labelAt + "\"}"),
                recordTime);
    }

    private Example example() {
        final TestRecord<byte[], byte[]> r = examples.readRecord();
        final Example e = ExampleJson.read(r.value());
        assertEquals(e.id(), new String(r.key(), StandardCharsets.UTF_8), "examples are keyed by id");
        return e;
    }

    private StoreQualityReader quality(final Instant now) {
        return new StoreQualityReader(() -> driver.<String, long[]>getKeyValueStore(FeedbackTopology.qualityStore()),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private ModelQuality of(final ModelRef model, final Instant now) {
        return quality(now).read().stream().filter(q -> q.model().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError("no figures for " + model + ": " + quality(now).read()));
    }

    private KeyValueStore<String, JoinEntry> joinStore() {
        return driver.getKeyValueStore(FeedbackTopology.joinStore());
    }

    private static String header(final TestRecord<byte[], byte[]> r, final String name) {
        final Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldJoinALabelThatComesDaysAfterItsScoreAndWriteTheExampleWithItsFeatures() {
        start(Map.of());
        input.pipeInput(null, utf8("{\"id\":\"m1\",\"features\":[1.0,0,2.0]}"), T0);
        output.readRecord();
        assertEquals(1, of(LIVE, T0).awaitingLabel());

        final Instant later = T0.plus(Duration.ofDays(3));
        label("m1", "spam", later);

        final Example e = example();
        assertEquals("m1", e.id());
        assertEquals(Example.Label.SPAM, e.label());
        assertEquals("user", e.labelSource());
        assertEquals(later.toEpochMilli(), e.labelAt());
        assertEquals(LIVE, e.model());
        assertEquals(Example.Label.SPAM, e.predicted());
        assertEquals(Neuron.sigmoid(2.0 * 1.0 + 0.5 * 2.0 - 0.5), e.spamProbability(), 1e-12);
        assertTrue(e.scoredAt() > 0);
        assertNull(e.shadow(), "no shadow was published");
        assertEquals(Map.of("a", 1.0, "c", 2.0), e.features(), "named, non-zero features only");
        final ModelQuality q = of(LIVE, later);
        assertEquals(new QualityCounts(1, 0, 0, 0), q.total());
        assertEquals(0, q.awaitingLabel());
        assertNotNull(joinStore().get("m1"));
    }

    @Test
    void shouldJoinALabelThatComesBeforeItsScore() {
        start(Map.of());
        label("m1", "ham", T0);
        assertTrue(examples.isEmpty());
        assertEquals(1, quality(T0).unmatchedLabels());
        assertTrue(quality(T0).read().isEmpty(), "a label alone counts for no model");

        score("m1", SPAMMY, T0.plus(Duration.ofMinutes(10)));

        final Example e = example();
        assertEquals(Example.Label.HAM, e.label());
        assertEquals(Example.Label.SPAM, e.predicted());
        assertEquals(T0.toEpochMilli(), e.labelAt());
        assertEquals(new QualityCounts(0, 1, 0, 0), of(LIVE, T0).total());
        assertEquals(0, of(LIVE, T0).awaitingLabel());
        assertEquals(0, quality(T0).unmatchedLabels());
    }

    @Test
    void shouldCountARepeatedLabelOnceAndWriteNoSecondExample() {
        start(Map.of());
        score("m1", HAMMY, T0);
        label("m1", "ham", T0.plusSeconds(60));
        label("m1", "ham", T0.plusSeconds(120));
        label("m1", "ham", T0.plusSeconds(180));

        assertEquals(Example.Label.HAM, example().label());
        assertTrue(examples.isEmpty(), "the effective label did not change");
        assertEquals(new QualityCounts(0, 0, 1, 0), of(LIVE, T0).total());
    }

    @Test
    void shouldCorrectTheCountsOfLiveAndShadowWhenALaterLabelContradicts() {
        start(Map.of());
        models.swapShadow(shadowModel);
        score("m1", SPAMMY, T0);
        assertEquals("tiny-shadow", ExampleJsonTestSupport.field(shadow.readValue(), "model.name"));

        label("m1", "spam", T0.plusSeconds(60));
        final Example first = example();
        assertEquals(Example.Label.SPAM, first.label());
        assertEquals(CHALLENGER, first.shadow().model());
        assertEquals(Example.Label.HAM, first.shadow().predicted());
        assertEquals(new QualityCounts(1, 0, 0, 0), of(LIVE, T0).total());
        assertEquals(new QualityCounts(0, 0, 0, 1), of(CHALLENGER, T0).total());

        label("m1", "ham", T0.plusSeconds(120));
        final Example second = example();
        assertEquals(Example.Label.HAM, second.label(), "the latest label wins");
        assertEquals(new QualityCounts(0, 1, 0, 0), of(LIVE, T0).total(), "spam retracted, ham added for live");
        assertEquals(new QualityCounts(0, 0, 1, 0), of(CHALLENGER, T0).total(), "and for the shadow that scored it");
        assertEquals(new QualityCounts(0, 1, 0, 0), of(LIVE, T0.plusSeconds(180)).lastHour());
        assertEquals(new QualityCounts(0, 0, 1, 0), of(CHALLENGER, T0.plusSeconds(180)).lastDay());
    }

    @Test
    void shouldKeepALabelForAnUnknownIdUncountedUntilItExpires() {
        start(Map.of());
        label("ghost", "spam", T0);
        assertEquals(1, quality(T0).unmatchedLabels());
        assertNotNull(joinStore().get("ghost"));

        // another record moves stream time past the retention: the lone label expires
        score("other", SPAMMY, T0.plus(Duration.ofDays(8)));
        assertEquals(0, quality(T0).unmatchedLabels());
        assertNull(joinStore().get("ghost"));

        score("ghost", SPAMMY, T0.plus(Duration.ofDays(8)).plusSeconds(60));
        assertTrue(examples.isEmpty(), "the expired label does not join the late score");
        assertEquals(QualityCounts.ZERO, of(LIVE, T0).total());
        assertEquals(2, of(LIVE, T0).awaitingLabel());
    }

    @Test
    void shouldNotJoinALabelThatComesAfterTheRetention() {
        start(Map.of());
        score("m1", SPAMMY, T0);
        label("m1", "spam", T0.plus(Duration.ofDays(7)).plusMillis(1));

        assertTrue(examples.isEmpty());
        assertEquals(QualityCounts.ZERO, of(LIVE, T0).total());
        assertEquals(0, of(LIVE, T0).awaitingLabel(), "the score expired unlabelled");
        assertEquals(1, quality(T0).unmatchedLabels(), "the label now waits for a score of its own");
    }

    @Test
    void shouldJoinALabelAtTheEdgeOfAShortRetention() {
        start(Map.of(ScorerConfig.LABELS_RETENTION, "10m"));
        score("m1", SPAMMY, T0);
        label("m1", "spam", T0.plus(Duration.ofMinutes(10)));
        assertEquals(Example.Label.SPAM, example().label());
        score("m2", SPAMMY, T0.plus(Duration.ofMinutes(11)));
        label("m2", "spam", T0.plus(Duration.ofMinutes(21)).plusMillis(1));
        assertTrue(examples.isEmpty());
    }
}
