package io.spamscorer.it;

import static io.spamscorer.it.SharedKafka.header;
import static io.spamscorer.it.SharedKafka.string;
import static io.spamscorer.it.SharedKafka.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.Contribution;
import io.spamscorer.model.Model;
import io.spamscorer.model.Score;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.stream.DeadLetters;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.train.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input/output/dead-letter contract through a real broker, with plain producers and {@code read_committed}
 * consumers: scores equal to the model's own, every kind of bad record dead-lettered with its reason, and keys,
 * headers and timestamps preserved. Each test has its own topics and scorer.
 */
class ScoringContractIT {

    private static final String TRACE = "trace-id";

    private static Model model;
    private static Dataset data;

    @TempDir
    Path stateDir;

    private SharedKafka.Topics topics;
    private ScorerRuntime runtime;

    @BeforeAll
    static void loadModelAndData() {
        // Loaded here, independently of the scorer's own copy, to compute the expected scores.
        model = SharedKafka.shippedModel();
        data = Dataset.read(Path.of("data", "spambase.csv"), "spam");
    }

    @BeforeEach
    void startScorer(final TestInfo test) throws InterruptedException {
        topics = SharedKafka.createTopics(test.getTestMethod().orElseThrow().getName(), 2);
        final ScorerConfig config = SharedKafka.config(topics, stateDir, Map.of());
        runtime = new ScorerRuntime(config, SharedKafka.holder(SharedKafka.shippedModel()), ScoringListener.NONE);
        SharedKafka.startAndAwaitRunning(runtime);
    }

    @AfterEach
    void stopScorer() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldScorePositionalAndNamedRecordsAsTheModelDoes() throws Exception {
        final int rows = 40;
        final Map<String, double[]> expectedInput = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            for (int r = 0; r < rows; r++) {
                final double[] x = rowInModelOrder(r * 97 % data.rows());
                final boolean named = r % 2 == 1;
                final String id = (named ? "named-" : "positional-") + r;
                expectedInput.put(id, x);
                producer.send(new ProducerRecord<>(topics.input(), utf8(id), utf8(named ? named(id, x) : positional(id, x))))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        final List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.readAll(topics.results(), rows);

        assertEquals(rows, records.size(), () -> "records on output + DLQ: " + describe(records));
        final Map<String, JsonNode> byId = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> rec : records) {
            assertEquals(topics.output(), rec.topic(), () -> "unexpected dead letter: " + describe(List.of(rec)));
            final JsonNode out = json(rec.value());
            assertEquals(out.get("id").asText(), string(rec.key()), "key is the input key");
            assertNull(byId.put(out.get("id").asText(), out), "duplicate output for " + out.get("id"));
        }
        assertEquals(expectedInput.keySet(), byId.keySet());
        expectedInput.forEach((id, x) -> {
            final Score expected = model.score(x, 3);
            final JsonNode out = byId.get(id);
            assertEquals(expected.spamProbability(), out.get("spamProbability").asDouble(), 0.0, id);
            assertEquals(expected.logit(), out.get("logit").asDouble(), 0.0, id);
            assertEquals(expected.label(), out.get("label").asText(), id);
            assertEquals(model.threshold(), out.get("threshold").asDouble(), 0.0, id);
            assertEquals(model.name(), out.at("/model/name").asText(), id);
            assertEquals(model.version(), out.at("/model/version").asText(), id);
            assertTrue(out.get("scoredAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), id);
            final JsonNode top = out.get("topFeatures");
            assertEquals(expected.topFeatures().size(), top.size(), id);
            for (int i = 0; i < top.size(); i++) {
                final Contribution c = expected.topFeatures().get(i);
                assertEquals(c.feature(), top.get(i).get("feature").asText(), id);
                assertEquals(c.contribution(), top.get(i).get("contribution").asDouble(), 0.0, id);
            }
        });
    }

    @Test
    void shouldDeadLetterEveryBadRecordWithItsReason() throws Exception {
        final double[] good = rowInModelOrder(0);
        final String[] withNaN = numbers(good);
        withNaN[1] = "NaN";
        final String[] withOverflow = numbers(good);
        withOverflow[0] = "1e400";
        final String firstFeature = model.features().get(0);

        final List<BadCase> cases = List.of(
                new BadCase("nan", utf8("{\"id\":\"bad-nan\",\"features\":[" + String.join(",", withNaN) + "]}"),
                        "non_finite", "features[1] is NaN"),
                new BadCase("missing-id", utf8("{\"features\":[" + String.join(",", numbers(good)) + "]}"),
                        "bad_id", "id is missing"),
                new BadCase("string-feature", utf8("{\"id\":\"bad-string\",\"features\":{\"" + firstFeature + "\":\"0.5\"}}"),
                        "bad_feature_type", "features." + firstFeature + " is a string; expected a number"),
                new BadCase("wrong-count", utf8("{\"id\":\"bad-count\",\"features\":[1,2,3]}"),
                        "feature_count", "features has 3 values but model " + model.name() + " version "
                        + model.version() + " expects " + model.featureCount()),
                new BadCase("not-json", utf8("not json at all"), "not_json", "value is not valid JSON"),
                new BadCase("tombstone", null, "tombstone", "value is null (a tombstone); expected a JSON object"),
                new BadCase("empty", new byte[0], "empty", "value is empty; expected a JSON object"),
                new BadCase("overflow", utf8("{\"id\":\"bad-overflow\",\"features\":[" + String.join(",", withOverflow) + "]}"),
                        "non_finite", "features[0] is 1e400, which overflows a double"));

        try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            for (final BadCase c : cases) {
                final RecordHeaders headers = new RecordHeaders();
                headers.add(TRACE, utf8("t-" + c.key()));
                producer.send(new ProducerRecord<>(topics.input(), null, utf8(c.key()), c.value(), headers))
                        .get(30, TimeUnit.SECONDS);
            }
            // A good record after the bad ones: the scorer keeps going.
            producer.send(new ProducerRecord<>(topics.input(), utf8("good"), utf8(positional("good", good))))
                    .get(30, TimeUnit.SECONDS);
        }

        final List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.readAll(topics.results(), cases.size() + 1);

        assertEquals(cases.size() + 1, records.size(), () -> "records on output + DLQ: " + describe(records));
        final Map<String, ConsumerRecord<byte[], byte[]>> dlqByKey = new HashMap<>();
        int scored = 0;
        for (final ConsumerRecord<byte[], byte[]> rec : records) {
            if (rec.topic().equals(topics.output())) {
                assertEquals("good", string(rec.key()));
                assertEquals(model.score(good, 3).spamProbability(), json(rec.value()).get("spamProbability").asDouble(), 0.0);
                scored++;
            } else {
                assertNull(dlqByKey.put(string(rec.key()), rec), "duplicate dead letter for key " + string(rec.key()));
            }
        }
        assertEquals(1, scored, "exactly the one good record is scored");
        for (final BadCase c : cases) {
            final ConsumerRecord<byte[], byte[]> rec = dlqByKey.get(c.key());
            assertNotNull(rec, () -> c.key() + " was not dead-lettered; dead letters: " + dlqByKey.keySet());
            assertEquals(c.reason(), header(rec, DeadLetters.HEADER_REASON), c.key());
            final String message = header(rec, DeadLetters.HEADER_MESSAGE);
            assertNotNull(message, c.key());
            assertTrue(message.contains(c.message()), () -> c.key() + ": expected message containing '" + c.message()
                    + "' but was '" + message + "'");
            assertArrayEquals(c.value(), rec.value(), c.key() + ": original value bytes");
            assertEquals("t-" + c.key(), header(rec, TRACE), c.key() + ": original header");
            assertEquals(topics.input(), header(rec, DeadLetters.HEADER_TOPIC), c.key());
            assertNotNull(header(rec, DeadLetters.HEADER_PARTITION), c.key());
            assertNotNull(header(rec, DeadLetters.HEADER_OFFSET), c.key());
        }
        assertEquals(cases.size(), dlqByKey.size(), "no unexpected dead letters");
    }

    @Test
    void shouldPreserveKeysHeadersAndTimestamps() throws Exception {
        // An hour ago: well inside retention and the broker's accepted timestamp range, and clearly not "now".
        final long t0 = (System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1)) / 1000 * 1000 + 123;
        final double[] x = rowInModelOrder(5);
        try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            producer.send(new ProducerRecord<>(topics.input(), null, t0, utf8("key-keyed"),
                    utf8(positional("msg-keyed", x)), traceHeaders("t-keyed"))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topics.input(), null, t0 + 1, null,
                    utf8(named("msg-unkeyed", x)), traceHeaders("t-unkeyed"))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topics.input(), null, t0 + 2, utf8("key-bad"),
                    utf8("{\"id\":\"msg-bad\",\"features\":[1]}"), traceHeaders("t-bad"))).get(30, TimeUnit.SECONDS);
        }

        final List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.readAll(topics.results(), 3);

        assertEquals(3, records.size(), () -> "records on output + DLQ: " + describe(records));
        final Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        records.forEach(r -> byKey.put(string(r.key()), r));
        assertEquals(3, byKey.size(), () -> "keys " + byKey.keySet());

        final ConsumerRecord<byte[], byte[]> keyed = byKey.get("key-keyed");
        assertNotNull(keyed, () -> "input key kept; keys " + byKey.keySet());
        assertEquals(topics.output(), keyed.topic());
        assertEquals("msg-keyed", json(keyed.value()).get("id").asText());
        assertEquals(t0, keyed.timestamp(), "output timestamp = input timestamp");
        assertEquals(TimestampType.CREATE_TIME, keyed.timestampType());
        assertEquals("t-keyed", header(keyed, TRACE), "input headers carried over");

        final ConsumerRecord<byte[], byte[]> unkeyed = byKey.get("msg-unkeyed");
        assertNotNull(unkeyed, () -> "null key replaced by the id; keys " + byKey.keySet());
        assertEquals(topics.output(), unkeyed.topic());
        assertEquals("msg-unkeyed", json(unkeyed.value()).get("id").asText());
        assertEquals(t0 + 1, unkeyed.timestamp());
        assertEquals("t-unkeyed", header(unkeyed, TRACE));
        assertEquals(model.score(x, 3).spamProbability(), json(unkeyed.value()).get("spamProbability").asDouble(), 0.0);

        final ConsumerRecord<byte[], byte[]> bad = byKey.get("key-bad");
        assertNotNull(bad, () -> "dead letter keeps the input key; keys " + byKey.keySet());
        assertEquals(topics.dlq(), bad.topic());
        assertEquals(t0 + 2, bad.timestamp(), "dead-letter timestamp = input timestamp");
        assertEquals("t-bad", header(bad, TRACE));
        assertEquals("feature_count", header(bad, DeadLetters.HEADER_REASON));
        assertArrayEquals(utf8("{\"id\":\"msg-bad\",\"features\":[1]}"), bad.value());
    }

    private record BadCase(String key, byte[] value, String reason, String message) {
    }

    private static RecordHeaders traceHeaders(final String trace) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add(TRACE, utf8(trace));
        return headers;
    }

    /** A Spambase row in the model's feature order. */
    private static double[] rowInModelOrder(final int row) {
        final double[] raw = data.row(row);
        final double[] x = new double[model.featureCount()];
        for (int i = 0; i < x.length; i++) {
            final int col = data.features().indexOf(model.features().get(i));
            assertTrue(col >= 0, "data has feature " + model.features().get(i));
            x[i] = raw[col];
        }
        return x;
    }

    private static String[] numbers(final double[] x) {
        return Arrays.stream(x).mapToObj(Double::toString).toArray(String[]::new);
    }

    private static String positional(final String id, final double[] x) {
        return "{\"id\":\"" + id + "\",\"features\":[" + String.join(",", numbers(x)) + "]}";
    }

    private static String named(final String id, final double[] x) {
        final StringJoiner features = new StringJoiner(",", "{", "}");
        // Reverse order: names, not positions, must decide.
        for (int i = x.length - 1; i >= 0; i--) {
            features.add("\"" + model.features().get(i) + "\":" + x[i]);
        }
        return "{\"features\":" + features + ",\"id\":\"" + id + "\"}";
    }

    private static JsonNode json(final byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (final IOException e) {
            throw new AssertionError("output is not JSON: " + string(value), e);
        }
    }

    private static String describe(final List<ConsumerRecord<byte[], byte[]>> records) {
        final List<String> out = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> r : records) {
            out.add(r.topic() + " key=" + string(r.key()) + " reason=" + header(r, DeadLetters.HEADER_REASON)
                    + " value=" + string(r.value()));
        }
        return out.toString();
    }
}
