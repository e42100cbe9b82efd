package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Neuron;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScoringTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-28T17:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> dlq;

    private void start(final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        values.put("scorer.model.path", "src/test/resources/tiny-model.json");
        values.putAll(overrides);
        final ScorerConfig config = ScorerConfig.of(values);
        final ModelHolder models = new ModelHolder(new LoadedModel(ModelLoader.load(config.modelPath()), "test", T0));
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE));
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        assertTrue(output.isEmpty(), "unexpected output records");
        assertTrue(dlq.isEmpty(), "unexpected dead-letter records");
        driver.close();
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(final byte[] b) throws IOException {
        return Json.mapper().readTree(b);
    }

    private static String header(final TestRecord<byte[], byte[]> r, final String name) {
        final Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static double expectedLogit(final double a, final double b, final double c) {
        return Neuron.logit(new double[] {2.0, -1.0, 0.5}, new double[] {a, b, c}, -0.5);
    }

    @Test
    void shouldScorePositionalRecord() throws IOException {
        start(Map.of());
        input.pipeInput(utf8("k1"), utf8("{\"id\":\"msg-1\",\"features\":[1.0,0.5,2.0]}"), T0);
        final JsonNode out = json(output.readValue());
        final double logit = expectedLogit(1.0, 0.5, 2.0);
        assertEquals("msg-1", out.get("id").asText());
        assertEquals(logit, out.get("logit").asDouble(), 0.0);
        assertEquals(Neuron.sigmoid(logit), out.get("spamProbability").asDouble(), 0.0);
        assertEquals("spam", out.get("label").asText());
        assertEquals(0.5, out.get("threshold").asDouble(), 0.0);
        assertEquals("tiny", out.at("/model/name").asText());
        assertEquals("7", out.at("/model/version").asText());
        assertTrue(out.get("scoredAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(3, out.get("topFeatures").size());
        assertEquals("a", out.at("/topFeatures/0/feature").asText());
        assertEquals(2.0, out.at("/topFeatures/0/contribution").asDouble(), 0.0);
        assertEquals("c", out.at("/topFeatures/1/feature").asText());
        assertEquals("b", out.at("/topFeatures/2/feature").asText());
        assertEquals(-0.5, out.at("/topFeatures/2/contribution").asDouble(), 0.0);
    }

    @Test
    void shouldRouteNaNFeatureToDeadLetterTopic() {
        start(Map.of());
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", utf8("t-1"));
        input.pipeInput(new TestRecord<>(utf8("k2"), utf8("{\"id\":\"m\",\"features\":[1,NaN,2]}"), headers, T0));
        final TestRecord<byte[], byte[]> r = dlq.readRecord();
        assertEquals("features[1] is NaN", header(r, DeadLetters.HEADER_MESSAGE));
        assertEquals("non_finite", header(r, DeadLetters.HEADER_REASON));
        assertEquals("t-1", header(r, "trace"));
        assertArrayEquals(utf8("k2"), r.key());
        assertArrayEquals(utf8("{\"id\":\"m\",\"features\":[1,NaN,2]}"), r.value());
        assertEquals(T0, r.getRecordTime());
    }

    @Test
    void shouldRouteTombstoneToDeadLetterTopic() {
        start(Map.of());
        input.pipeInput(utf8("k3"), null, T0);
        final TestRecord<byte[], byte[]> r = dlq.readRecord();
        assertEquals("tombstone", header(r, DeadLetters.HEADER_REASON));
        assertNull(r.value());
        assertArrayEquals(utf8("k3"), r.key());
    }

    @Test
    void shouldUseIdAsKeyWhenInputKeyIsNull() {
        start(Map.of());
        input.pipeInput(null, utf8("{\"id\":\"msg-9\",\"features\":{\"a\":0,\"b\":0,\"c\":0}}"), T0);
        final TestRecord<byte[], byte[]> r = output.readRecord();
        assertArrayEquals(utf8("msg-9"), r.key());
        assertFalse(r.value().length == 0);
    }
}
