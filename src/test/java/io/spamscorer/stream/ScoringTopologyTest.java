package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Neuron;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScoringTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-28T17:00:00Z");
    private static final String TINY = "src/test/resources/tiny-model.json";
    private static final String THRESHOLD_MODEL = "src/test/resources/contract/threshold-model.json";
    private static final String LOG1P_MODEL = "src/test/resources/contract/log1p-model.json";
    private static final List<String> OUTPUT_FIELDS =
            List.of("id", "spamProbability", "label", "logit", "threshold", "model", "scoredAt", "topFeatures");

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> dlq;

    /** Records every listener call; the test driver runs on the test thread. */
    private static final class RecordingListener implements ScoringListener {
        final List<ScoredRecord> scored = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> unknown = Collections.synchronizedList(new ArrayList<>());
        final List<Reason> deadLettered = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void scored(final ScoredRecord record, final long inputTimestampMillis, final long nanos) {
            scored.add(record);
        }

        @Override
        public void unknownFeatures(final int count) {
            unknown.add(count);
        }

        @Override
        public void deadLettered(final Reason reason) {
            deadLettered.add(reason);
        }
    }

    private void start(final Map<String, String> overrides) {
        start(overrides, ScoringListener.NONE);
    }

    private void start(final Map<String, String> overrides, final ScoringListener listener) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        values.put("scorer.model.path", TINY);
        values.putAll(overrides);
        final ScorerConfig config = ScorerConfig.of(values);
        final ModelHolder models = new ModelHolder(new LoadedModel(ModelLoader.load(config.modelPath()), "test", T0));
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, listener),
                ScoringTopology.streamsProperties(config, listener));
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver == null) {
            return;
        }
        try {
            assertTrue(output.isEmpty(), "unexpected output records");
            assertTrue(dlq.isEmpty(), "unexpected dead-letter records");
        } finally {
            driver.close();
        }
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

    private static List<String> fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        final Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** The tiny model computed independently: weights [2, -1, 0.5], bias -0.5, no preprocessing. */
    private static double tinyLogit(final double a, final double b, final double c) {
        return 2.0 * a - 1.0 * b + 0.5 * c - 0.5;
    }

    private static double expectedLogit(final double a, final double b, final double c) {
        return Neuron.logit(new double[] {2.0, -1.0, 0.5}, new double[] {a, b, c}, -0.5);
    }

    private static double logistic(final double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    private TestRecord<byte[], byte[]> singleDeadLetter() {
        assertTrue(output.isEmpty(), "a bad record must not reach the output topic");
        final TestRecord<byte[], byte[]> r = dlq.readRecord();
        assertTrue(dlq.isEmpty(), "exactly one dead-letter record per bad input");
        return r;
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
        assertEquals("value is null (a tombstone); expected a JSON object", header(r, DeadLetters.HEADER_MESSAGE));
        assertNull(r.value());
        assertArrayEquals(utf8("k3"), r.key());
        assertEquals(T0, r.getRecordTime());
    }

    @Test
    void shouldUseIdAsKeyWhenInputKeyIsNull() {
        start(Map.of());
        input.pipeInput(null, utf8("{\"id\":\"msg-9\",\"features\":{\"a\":0,\"b\":0,\"c\":0}}"), T0);
        final TestRecord<byte[], byte[]> r = output.readRecord();
        assertArrayEquals(utf8("msg-9"), r.key());
        assertFalse(r.value().length == 0);
    }

    @Test
    void shouldEncodeNonAsciiIdAsUtf8KeyWhenInputKeyIsNull() throws IOException {
        start(Map.of());
        input.pipeInput(null, utf8("{\"id\":\"caf\u00e9-\u20ac\",\"features\":[0,0,0]}"), T0);
        final TestRecord<byte[], byte[]> r = output.readRecord();
        assertArrayEquals("caf\u00e9-\u20ac".getBytes(StandardCharsets.UTF_8), r.key());
        assertEquals("caf\u00e9-\u20ac", json(r.value()).get("id").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.spamscorer.stream.RecordParserTest#badInputs")
    void shouldDeadLetterBadInputWithOriginalRecordAndReason(final String name, final byte[] value, final Reason reason,
                                                             final String message) {
        final RecordingListener listener = new RecordingListener();
        start(Map.of(), listener);
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", utf8("t-" + name));
        final Instant ts = T0.plusSeconds(42);
        input.pipeInput(new TestRecord<>(utf8("key-1"), value, headers, ts));
        final TestRecord<byte[], byte[]> r = singleDeadLetter();
        assertEquals(reason.label(), header(r, DeadLetters.HEADER_REASON), name);
        final String actual = header(r, DeadLetters.HEADER_MESSAGE);
        assertNotNull(actual, name);
        assertTrue(actual.contains(message), () -> name + ": expected message containing '" + message + "' but was '" + actual + "'");
        assertArrayEquals(utf8("key-1"), r.key(), name);
        assertArrayEquals(value, r.value(), name);
        assertEquals(ts, r.getRecordTime(), name);
        assertEquals("t-" + name, header(r, "trace"), name);
        assertEquals("emails.features", header(r, DeadLetters.HEADER_TOPIC));
        assertEquals(List.of(reason), listener.deadLettered);
        assertTrue(listener.scored.isEmpty());
    }

    @Test
    void shouldDeadLetterNonFiniteLogitAsUnscorable() {
        start(Map.of());
        final String value = "{\"id\":\"m\",\"features\":[1e308,-1e308,1e308]}";
        input.pipeInput(utf8("k"), utf8(value), T0);
        final TestRecord<byte[], byte[]> r = singleDeadLetter();
        assertEquals("unscorable", header(r, DeadLetters.HEADER_REASON));
        assertTrue(header(r, DeadLetters.HEADER_MESSAGE).contains("logit is Infinity"), header(r, DeadLetters.HEADER_MESSAGE));
        assertArrayEquals(utf8(value), r.value());
        assertArrayEquals(utf8("k"), r.key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-1.0", "-2", "-1e300"})
    void shouldDeadLetterLog1pOfValueAtOrBelowMinusOneAsUnscorable(final String bad) {
        start(Map.of("scorer.model.path", LOG1P_MODEL));
        final String value = "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":" + bad + "}}";
        input.pipeInput(utf8("k"), utf8(value), T0);
        final TestRecord<byte[], byte[]> r = singleDeadLetter();
        assertEquals("unscorable", header(r, DeadLetters.HEADER_REASON));
        final String msg = header(r, DeadLetters.HEADER_MESSAGE);
        assertTrue(msg.contains("features[1] (b)"), msg);
        assertTrue(msg.contains("log1p"), msg);
        assertTrue(msg.contains("> -1"), msg);
        assertArrayEquals(utf8(value), r.value());
    }

    @Test
    void shouldApplyLog1pPreprocessing() throws IOException {
        start(Map.of("scorer.model.path", LOG1P_MODEL));
        input.pipeInput(utf8("k"), utf8("{\"id\":\"m\",\"features\":[3.0,-0.5]}"), T0);
        final JsonNode out = json(output.readValue());
        final double xa = (Math.log(4.0) - 0.5) / 2.0;
        final double xb = (Math.log(0.5) - 1.0) / 0.5;
        final double logit = 1.5 * xa - 0.75 * xb + 0.25;
        assertEquals(logit, out.get("logit").asDouble(), 1e-12);
        assertEquals(logistic(logit), out.get("spamProbability").asDouble(), 1e-12);
        assertEquals(logistic(logit) >= 0.6 ? "spam" : "ham", out.get("label").asText());
        assertEquals(0.6, out.get("threshold").asDouble(), 0.0);
        assertEquals("log1p-model", out.at("/model/name").asText());
        assertEquals("2024.1", out.at("/model/version").asText());
        assertEquals("b", out.at("/topFeatures/0/feature").asText());
        assertEquals(-0.75 * xb, out.at("/topFeatures/0/contribution").asDouble(), 1e-12);
        assertEquals("a", out.at("/topFeatures/1/feature").asText());
        assertEquals(1.5 * xa, out.at("/topFeatures/1/contribution").asDouble(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0,0,0]", "[1,2,3]", "[-3.5,0.25,7]", "[0.25,0,0]", "[100,-40,1e-9]", "[-100,50,0]"})
    void shouldMatchIndependentComputationForPositionalRecords(final String features) throws IOException {
        start(Map.of());
        input.pipeInput(utf8("k"), utf8("{\"id\":\"p\",\"features\":" + features + "}"), T0);
        final JsonNode out = json(output.readValue());
        final JsonNode x = Json.mapper().readTree(features);
        final double logit = tinyLogit(x.get(0).asDouble(), x.get(1).asDouble(), x.get(2).asDouble());
        assertEquals(logit, out.get("logit").asDouble(), 1e-12 * Math.max(1.0, Math.abs(logit)));
        final double p = out.get("spamProbability").asDouble();
        assertEquals(logistic(logit), p, 1e-15);
        assertTrue(p >= 0.0 && p <= 1.0);
        assertEquals(p >= 0.5 ? "spam" : "ham", out.get("label").asText());
    }

    @Test
    void shouldScoreNamedRecordLikeTheEquivalentPositionalRecord() throws IOException {
        start(Map.of());
        input.pipeInput(utf8("k1"), utf8("{\"id\":\"n\",\"features\":{\"c\":-2.5,\"b\":0.75,\"a\":0.125}}"), T0);
        input.pipeInput(utf8("k2"), utf8("{\"id\":\"n\",\"features\":[0.125,0.75,-2.5]}"), T0);
        final ObjectNode named = (ObjectNode) json(output.readValue());
        final ObjectNode positional = (ObjectNode) json(output.readValue());
        final double logit = tinyLogit(0.125, 0.75, -2.5);
        assertEquals(logit, named.get("logit").asDouble(), 1e-15);
        assertEquals(logistic(logit), named.get("spamProbability").asDouble(), 1e-15);
        assertEquals("ham", named.get("label").asText());
        named.remove("scoredAt");
        positional.remove("scoredAt");
        assertEquals(positional, named);
    }

    @Test
    void shouldWriteOutputFieldsInDocumentedOrder() throws IOException {
        start(Map.of());
        input.pipeInput(utf8("k"), utf8("{\"id\":\"o\",\"features\":[1,2,3]}"), T0);
        final JsonNode out = json(output.readValue());
        assertEquals(OUTPUT_FIELDS, fieldNames(out));
        assertEquals(List.of("name", "version"), fieldNames(out.get("model")));
        for (final JsonNode c : out.get("topFeatures")) {
            assertEquals(List.of("feature", "contribution"), fieldNames(c));
        }
        assertTrue(out.get("spamProbability").isNumber());
        assertTrue(out.get("logit").isNumber());
        assertTrue(out.get("threshold").isNumber());
    }

    @Test
    void shouldOrderTopFeaturesByAbsoluteContributionWithSign() throws IOException {
        start(Map.of("scorer.explain.top", "2"));
        // contributions: a = 2 * 1 = 2, b = -1 * 3 = -3, c = 0.5 * 0.5 = 0.25
        input.pipeInput(utf8("k"), utf8("{\"id\":\"t\",\"features\":[1,3,0.5]}"), T0);
        final JsonNode top = json(output.readValue()).get("topFeatures");
        assertEquals(2, top.size());
        assertEquals("b", top.get(0).get("feature").asText());
        assertEquals(-3.0, top.get(0).get("contribution").asDouble(), 0.0);
        assertEquals("a", top.get(1).get("feature").asText());
        assertEquals(2.0, top.get(1).get("contribution").asDouble(), 0.0);
    }

    @Test
    void shouldOmitTopFeaturesWhenExplainTopIsZero() throws IOException {
        start(Map.of("scorer.explain.top", "0"));
        input.pipeInput(utf8("k"), utf8("{\"id\":\"z\",\"features\":[1,2,3]}"), T0);
        final JsonNode out = json(output.readValue());
        assertFalse(out.has("topFeatures"));
        assertEquals(OUTPUT_FIELDS.subList(0, OUTPUT_FIELDS.size() - 1), fieldNames(out));
        assertEquals(logistic(tinyLogit(1, 2, 3)), out.get("spamProbability").asDouble(), 1e-15);
    }

    @Test
    void shouldListEveryFeatureWhenExplainTopExceedsFeatureCount() throws IOException {
        start(Map.of("scorer.explain.top", "10"));
        input.pipeInput(utf8("k"), utf8("{\"id\":\"all\",\"features\":[1,3,0.5]}"), T0);
        final JsonNode top = json(output.readValue()).get("topFeatures");
        assertEquals(3, top.size());
        assertEquals("b", top.get(0).get("feature").asText());
        assertEquals("a", top.get(1).get("feature").asText());
        assertEquals("c", top.get(2).get("feature").asText());
        assertEquals(0.25, top.get(2).get("contribution").asDouble(), 0.0);
    }

    @Test
    void shouldLabelSpamWhenProbabilityEqualsThreshold() throws IOException {
        start(Map.of("scorer.model.path", THRESHOLD_MODEL));
        input.pipeInput(utf8("k"), utf8("{\"id\":\"edge\",\"features\":[0]}"), T0);
        final JsonNode out = json(output.readValue());
        assertEquals(0.0, out.get("logit").asDouble(), 0.0);
        assertEquals(0.5, out.get("spamProbability").asDouble(), 0.0);
        assertEquals(0.5, out.get("threshold").asDouble(), 0.0);
        assertEquals("spam", out.get("label").asText());
    }

    @Test
    void shouldLabelHamJustBelowThreshold() throws IOException {
        start(Map.of("scorer.model.path", THRESHOLD_MODEL));
        input.pipeInput(utf8("k"), utf8("{\"id\":\"edge\",\"features\":[-1e-9]}"), T0);
        final JsonNode out = json(output.readValue());
        assertTrue(out.get("spamProbability").asDouble() < 0.5);
        assertEquals("ham", out.get("label").asText());
    }

    @Test
    void shouldLabelSpamWhenProbabilityEqualsNonTrivialThreshold(@TempDir final Path dir) throws IOException {
        final double z = 0.8473;
        final double threshold = Neuron.sigmoid(z);
        final Path model = dir.resolve("model.json");
        Files.writeString(model, "{\"name\":\"edge\",\"version\":\"1\",\"features\":[\"x\"],\"weights\":[1.0],"
                + "\"bias\":0.0,\"threshold\":" + threshold + "}");
        start(Map.of("scorer.model.path", model.toString()));
        input.pipeInput(utf8("k1"), utf8("{\"id\":\"at\",\"features\":[" + z + "]}"), T0);
        input.pipeInput(utf8("k2"), utf8("{\"id\":\"below\",\"features\":[" + Math.nextDown(z) + "]}"), T0);
        final JsonNode at = json(output.readValue());
        final JsonNode below = json(output.readValue());
        assertEquals(threshold, at.get("spamProbability").asDouble(), 0.0);
        assertEquals("spam", at.get("label").asText());
        assertTrue(below.get("spamProbability").asDouble() <= threshold);
        assertEquals(below.get("spamProbability").asDouble() >= threshold ? "spam" : "ham", below.get("label").asText());
    }

    @Test
    void shouldPreserveKeyHeadersAndTimestamp() {
        start(Map.of());
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", utf8("t-7"));
        headers.add("tenant", utf8("acme"));
        headers.add("trace", utf8("t-8"));
        final Instant ts = Instant.parse("2020-02-29T12:34:56.789Z");
        input.pipeInput(new TestRecord<>(utf8("original-key"), utf8("{\"id\":\"other-id\",\"features\":[1,2,3]}"), headers, ts));
        final TestRecord<byte[], byte[]> r = output.readRecord();
        assertArrayEquals(utf8("original-key"), r.key());
        assertEquals(ts, r.getRecordTime());
        final List<String> seen = new ArrayList<>();
        for (final Header h : r.headers()) {
            seen.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("trace=t-7", "tenant=acme", "trace=t-8"), seen);
    }

    @Test
    void shouldKeepEmptyInputKeyRatherThanReplaceItWithId() {
        start(Map.of());
        input.pipeInput(new byte[0], utf8("{\"id\":\"m\",\"features\":[1,2,3]}"), T0);
        assertArrayEquals(new byte[0], output.readRecord().key());
    }

    @Test
    void shouldDeadLetterNullKeyRecordWithNullKey() {
        start(Map.of());
        input.pipeInput(null, utf8("{\"id\":\"m\",\"features\":[1,2]}"), T0);
        final TestRecord<byte[], byte[]> r = singleDeadLetter();
        assertNull(r.key());
        assertEquals("feature_count", header(r, DeadLetters.HEADER_REASON));
    }

    @Test
    void shouldDeadLetterMissingNamedFeatureByDefault() {
        start(Map.of());
        input.pipeInput(utf8("k"), utf8("{\"id\":\"m\",\"features\":{\"a\":1,\"c\":2}}"), T0);
        final TestRecord<byte[], byte[]> r = singleDeadLetter();
        assertEquals("missing_feature", header(r, DeadLetters.HEADER_REASON));
        assertEquals("features.b is missing", header(r, DeadLetters.HEADER_MESSAGE));
    }

    @Test
    void shouldScoreMissingNamedFeatureAsZeroWhenConfigured() throws IOException {
        start(Map.of("scorer.features.missing", "zero"));
        input.pipeInput(utf8("k"), utf8("{\"id\":\"m\",\"features\":{\"a\":1,\"c\":2}}"), T0);
        final JsonNode out = json(output.readValue());
        final double logit = tinyLogit(1, 0, 2);
        assertEquals(logit, out.get("logit").asDouble(), 1e-15);
        assertEquals(logistic(logit), out.get("spamProbability").asDouble(), 1e-15);
    }

    @Test
    void shouldCountUnknownNamedFeaturesViaListener() throws IOException {
        final RecordingListener listener = new RecordingListener();
        start(Map.of(), listener);
        input.pipeInput(utf8("k1"), utf8("{\"id\":\"u1\",\"features\":{\"a\":1,\"x\":5,\"b\":2,\"y\":\"s\",\"c\":3,\"z\":{}}}"), T0);
        input.pipeInput(utf8("k2"), utf8("{\"id\":\"u2\",\"features\":{\"a\":1,\"b\":2,\"c\":3}}"), T0);
        input.pipeInput(utf8("k3"), utf8("{\"id\":\"u3\",\"features\":{\"a\":1,\"b\":2,\"c\":3,\"extra\":0}}"), T0);
        final JsonNode first = json(output.readValue());
        assertEquals(logistic(tinyLogit(1, 2, 3)), first.get("spamProbability").asDouble(), 1e-15);
        output.readValue();
        output.readValue();
        assertEquals(List.of(3, 1), listener.unknown);
        assertEquals(3, listener.scored.size());
        assertEquals(List.of("u1", "u2", "u3"), listener.scored.stream().map(ScoredRecord::id).toList());
        assertTrue(listener.deadLettered.isEmpty());
    }

    @Test
    void shouldBeDeterministicExceptForScoredAt() throws IOException {
        start(Map.of());
        final RecordHeaders headers = new RecordHeaders();
        headers.add("h", utf8("v"));
        final String value = "{\"id\":\"same\",\"features\":[0.3,-1.1,2.7]}";
        input.pipeInput(new TestRecord<>(utf8("k"), utf8(value), headers, T0));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        input.pipeInput(new TestRecord<>(utf8("k"), utf8(value), headers, T0));
        final TestRecord<byte[], byte[]> r1 = output.readRecord();
        final TestRecord<byte[], byte[]> r2 = output.readRecord();
        final ObjectNode o1 = (ObjectNode) json(r1.value());
        final ObjectNode o2 = (ObjectNode) json(r2.value());
        assertTrue(o1.has("scoredAt") && o2.has("scoredAt"));
        o1.remove("scoredAt");
        o2.remove("scoredAt");
        assertEquals(o1, o2);
        assertEquals(o1.get("logit").asDouble(), o2.get("logit").asDouble(), 0.0);
        assertArrayEquals(r1.key(), r2.key());
        assertEquals(r1.getRecordTime(), r2.getRecordTime());
        assertEquals(r1.headers(), r2.headers());
    }

    @Test
    void shouldAccountForEveryRecordInMixedStream() {
        final RecordingListener listener = new RecordingListener();
        start(Map.of(), listener);
        final List<byte[]> values = new ArrayList<>();
        values.add(utf8("{\"id\":\"g1\",\"features\":[1,2,3]}"));
        values.add(utf8("not json"));
        values.add(utf8("{\"id\":\"g2\",\"features\":{\"a\":1,\"b\":2,\"c\":3}}"));
        values.add(null);
        values.add(new byte[0]);
        values.add(utf8("{\"id\":\"b1\",\"features\":[1,NaN,3]}"));
        values.add(utf8("{\"id\":\"g3\",\"features\":[0,0,0],\"extra\":[1,{}]}"));
        values.add(utf8("{\"id\":\"b2\",\"features\":[1,2]}"));
        values.add(utf8("[1,2,3]"));
        values.add(utf8("{\"id\":\"b3\",\"features\":[1e308,-1e308,0]}"));
        values.add(utf8("{\"id\":\"g4\",\"features\":[-1,-2,-3]}"));
        values.add(utf8("{\"id\":\"g1\",\"features\":[1,2,3]}"));
        for (int i = 0; i < values.size(); i++) {
            input.pipeInput(utf8("key-" + i), values.get(i), T0.plusMillis(i));
        }
        final List<TestRecord<byte[], byte[]>> good = output.readRecordsToList();
        final List<TestRecord<byte[], byte[]>> bad = dlq.readRecordsToList();
        assertEquals(values.size(), good.size() + bad.size());
        assertEquals(5, good.size());
        final List<String> goodKeys = good.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("key-0", "key-2", "key-6", "key-10", "key-11"), goodKeys);
        final List<String> badKeys = bad.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("key-1", "key-3", "key-4", "key-5", "key-7", "key-8", "key-9"), badKeys);
        final List<String> reasons = bad.stream().map(r -> header(r, DeadLetters.HEADER_REASON)).toList();
        assertEquals(List.of("not_json", "tombstone", "empty", "non_finite", "feature_count", "not_object", "unscorable"), reasons);
        assertEquals(good.size(), listener.scored.size());
        assertEquals(bad.size(), listener.deadLettered.size());
        for (final TestRecord<byte[], byte[]> r : good) {
            final int i = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring(4));
            assertEquals(T0.plusMillis(i), r.getRecordTime());
        }
    }

    @Test
    void shouldScoreRealSpambaseRowsWithShippedModel() throws IOException {
        final Path modelFile = Path.of("config/model.json");
        final Path data = Path.of("data/spambase.csv");
        Assumptions.assumeTrue(Files.isRegularFile(modelFile) && Files.isRegularFile(data),
                "config/model.json or data/spambase.csv is absent");
        start(Map.of("scorer.model.path", modelFile.toString(), "scorer.explain.top", "5"));
        final JsonNode model = Json.mapper().readTree(modelFile.toFile());
        final List<String> lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        final String[] header = lines.get(0).split(",", -1);
        final List<String> rows = List.of(lines.get(1), lines.get(lines.size() - 1));
        for (final String row : rows) {
            final String[] cells = row.split(",", -1);
            final ObjectNode features = Json.mapper().createObjectNode();
            for (int i = 0; i < header.length - 1; i++) {
                features.put(header[i], Double.parseDouble(cells[i]));
            }
            final ObjectNode record = Json.mapper().createObjectNode();
            record.put("id", "row");
            record.set("features", features);
            input.pipeInput(utf8("k"), Json.mapper().writeValueAsBytes(record), T0);
            final JsonNode out = json(output.readValue());
            final double logit = independentLogit(model, features);
            assertEquals(logit, out.get("logit").asDouble(), 1e-9 * Math.max(1.0, Math.abs(logit)));
            final double p = logistic(logit);
            assertEquals(p, out.get("spamProbability").asDouble(), 1e-12);
            assertEquals(p >= model.get("threshold").asDouble() ? "spam" : "ham", out.get("label").asText());
            assertEquals(model.get("name").asText(), out.at("/model/name").asText());
            assertEquals(model.get("version").asText(), out.at("/model/version").asText());
            assertEquals(5, out.get("topFeatures").size());
        }
    }

    private static double independentLogit(final JsonNode model, final JsonNode features) {
        final JsonNode names = model.get("features");
        final JsonNode pre = model.get("preprocessing");
        double logit = model.get("bias").asDouble();
        for (int i = 0; i < names.size(); i++) {
            double x = features.get(names.get(i).asText()).asDouble();
            if (pre != null && !pre.isNull()) {
                if ("log1p".equals(pre.get("transform").asText())) {
                    x = Math.log1p(x);
                }
                x = (x - pre.get("mean").get(i).asDouble()) / pre.get("std").get(i).asDouble();
            }
            logit += model.get("weights").get(i).asDouble() * x;
        }
        return logit;
    }
}
