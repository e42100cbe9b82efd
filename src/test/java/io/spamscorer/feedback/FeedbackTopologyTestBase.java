package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.stream.ScoringTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver, topics and helpers of the feedback topology tests: TopologyTestDriver built from
 * {@link ScoringTopology#build} and {@link ScorerConfig#of}, feature-record input with the tiny model (weights [2, -1, 0.5], bias -0.5, threshold 0.5), so [1, 0, 0] is
 * predicted spam and [0, 0, 0] ham; the shadow model has the opposite signs and predicts the opposite.
 */
abstract class FeedbackTopologyTestBase {

    static final Instant T0 = Instant.parse("2026-11-28T17:00:00Z");
    static final String TINY = "src/test/resources/tiny-model.json";
    static final String LABELS = "emails.labels";
    static final String EXAMPLES = "emails.examples";
    static final String SHADOW = "emails.shadow";
    static final String SPAMMY = "[1,0,0]";
    static final String HAMMY = "[0,0,0]";
    static final ModelRef LIVE = new ModelRef("tiny", "7");
    static final ModelRef CHALLENGER = new ModelRef("tiny-shadow", "8");

    @TempDir
    static Path dir;
    static LoadedModel shadowModel;
    static LoadedModel brokenShadow;

    TopologyTestDriver driver;
    ModelHolder models;
    TestInputTopic<byte[], byte[]> input;
    TestInputTopic<byte[], byte[]> labels;
    TestOutputTopic<byte[], byte[]> output;
    TestOutputTopic<byte[], byte[]> dlq;
    TestOutputTopic<byte[], byte[]> examples;
    TestOutputTopic<byte[], byte[]> shadow;

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

    void start(final Map<String, String> overrides) {
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

    static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Scores one record and takes its live output record off the output topic. */
    void score(final String id, final String features, final Instant at) {
        input.pipeInput(null, utf8("{\"id\":\"" + id + "\",\"features\":" + features + "}"), at);
        assertEquals(id, ExampleJsonTestSupport.field(output.readValue(), "id"));
    }

    void label(final String id, final String label, final Instant at) {
        labels.pipeInput(utf8(id), utf8("{\"id\":\"" + id + "\",\"label\":\"" + label + "\",\"source\":\"user\"}"), at);
    }

    /** A label whose {@code at} (label time, which the quality windows use) differs from its record time. */
    void label(final String id, final String label, final Instant recordTime, final Instant labelAt) {
        labels.pipeInput(utf8(id), utf8("{\"id\":\"" + id + "\",\"label\":\"" + label + "\",\"at\":\"" + labelAt + "\"}"),
                recordTime);
    }

    Example example() {
        final TestRecord<byte[], byte[]> r = examples.readRecord();
        final Example e = ExampleJson.read(r.value());
        assertEquals(e.id(), new String(r.key(), StandardCharsets.UTF_8), "examples are keyed by id");
        return e;
    }

    StoreQualityReader quality(final Instant now) {
        return new StoreQualityReader(() -> driver.<String, long[]>getKeyValueStore(FeedbackTopology.qualityStore()),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    ModelQuality of(final ModelRef model, final Instant now) {
        return quality(now).read().stream().filter(q -> q.model().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError("no figures for " + model + ": " + quality(now).read()));
    }

    KeyValueStore<String, JoinEntry> joinStore() {
        return driver.getKeyValueStore(FeedbackTopology.joinStore());
    }

    static String header(final TestRecord<byte[], byte[]> r, final String name) {
        final Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
