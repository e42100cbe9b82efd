package io.spamscorer.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ExampleJson;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import io.spamscorer.json.Json;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.train.Dataset;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labels join's state after {@code kill -9} and after a wiped state directory, with a real broker and the scorer
 * in its own JVM under {@code exactly_once_v2}: N Spambase records are scored; labels for the first half are sent
 * while the scorer is killed with SIGKILL part-way through; after the restart the rest of that half is joined; then the
 * instance is killed again, its state directory deleted, and the labels of the second half are sent to the restarted
 * instance, whose scores must come back from the changelog. The examples topic (read_committed, every record, not only
 * the latest per id) must then hold exactly one example per id, each with the score the output topic has for it, and
 * its confusion matrix must equal the hand count from the output topic and the labels sent.
 */
class FeedbackRestoreIT {

    private static final int N = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ModelRef MODEL = new ModelRef("spambase-logreg", "1");

    private static EmbeddedKafka broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCountEveryLabelExactlyOnceAcrossKillNineAndAWipedStateDirectory() throws Exception {
        final String base = "restore-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        final Path state = dir.resolve("state");
        final Properties props = new Properties();
        props.setProperty("bootstrap.servers", broker.bootstrapServers());
        props.setProperty("application.id", base);
        props.setProperty("state.dir", state.toAbsolutePath().toString());
        props.setProperty("scorer.input.topic", base + ".in");
        props.setProperty("scorer.output.topic", base + ".out");
        props.setProperty("scorer.dlq.topic", base + ".dlq");
        props.setProperty("scorer.model.topic", base + ".models");
        props.setProperty("scorer.labels.topic", base + ".labels");
        props.setProperty("scorer.examples.topic", base + ".examples");
        props.setProperty("scorer.labels.partitions", "2");
        props.setProperty("scorer.topics.create", "true");
        props.setProperty("scorer.topics.partitions", "2");
        props.setProperty("scorer.model.path", Path.of("config", "model.json").toAbsolutePath().toString());
        final int httpPort = freePort();
        props.setProperty("scorer.http.port", String.valueOf(httpPort));
        props.setProperty("processing.guarantee", "exactly_once_v2");
        props.setProperty("commit.interval.ms", "100");
        // the killed member must leave the group soon, or the restarted one waits for its session to expire
        props.setProperty("session.timeout.ms", "6000");
        props.setProperty("heartbeat.interval.ms", "1000");
        final Dataset data = Dataset.read(Path.of("data", "spambase.csv"), "spam");
        final Map<String, Boolean> truth = new TreeMap<>();
        try (ScorerProcess scorer = new ScorerProcess("restore", dir, props);
             KafkaProducer<byte[], byte[]> producer = producer()) {
            scorer.start();
            scorer.awaitRunning(TIMEOUT);
            for (int i = 0; i < N; i++) {
                final int row = i * (data.rows() / N); // spread over the file, so both classes come
                final String id = String.format("r-%04d", i);
                truth.put(id, data.label(row) == 1);
                producer.send(new ProducerRecord<>(base + ".in", utf8(id), utf8(Json.mapper().writeValueAsString(
                        Map.of("id", id, "features", data.row(row))))));
            }
            producer.flush();
            final Map<String, Boolean> predicted = predictions(base + ".out");
            final List<String> ids = new ArrayList<>(truth.keySet());

            // first half of the labels, with a SIGKILL while they are being joined
            labels(producer, base, ids.subList(0, N / 4), truth);
            scorer.kill9();
            labels(producer, base, ids.subList(N / 4, N / 2), truth);
            scorer.start();
            scorer.awaitRunning(TIMEOUT);
            awaitExamples(base + ".examples", ids.subList(0, N / 2));

            // killed again and its state directory wiped: the scores of the second half come back from the changelog
            scorer.kill9();
            deleteRecursively(state);
            scorer.start();
            scorer.awaitRunning(TIMEOUT);
            labels(producer, base, ids.subList(N / 2, N), truth);
            final List<Example> all = awaitExamples(base + ".examples", ids);

            final Map<String, Integer> perId = new TreeMap<>();
            QualityCounts counted = QualityCounts.ZERO;
            for (final Example e : all) {
                perId.merge(e.id(), 1, Integer::sum);
                assertEquals(MODEL, e.model(), e.id());
                assertEquals(truth.get(e.id()), e.label().isSpam(), "label of " + e.id());
                assertEquals(predicted.get(e.id()), e.predicted().isSpam(), "the example carries the score of " + e.id());
                assertTrue(!e.features().isEmpty(), "features captured for " + e.id());
                counted = counted.plus(QualityCounts.one(e.predicted().isSpam(), e.label().isSpam()));
            }
            assertEquals(ids, List.copyOf(perId.keySet()), "an example for every id, none for another");
            assertTrue(perId.values().stream().allMatch(n -> n == 1), "no id joined twice: " + duplicates(perId));
            QualityCounts hand = QualityCounts.ZERO;
            for (final String id : ids) {
                hand = hand.plus(QualityCounts.one(predicted.get(id), truth.get(id)));
            }
            assertEquals(hand, counted);
            assertEquals(N, counted.labelled());
            assertTrue(counted.tp() > 0 && counted.tn() > 0, "both classes labelled: " + counted);
            // the quality store came back from its changelog too: /quality's total is the same hand count
            assertEquals(hand, awaitQualityTotal(httpPort, hand), "GET /quality total for " + MODEL);
        }
    }

    /** {@code GET /quality}'s total for {@link #MODEL}, polled until it equals {@code expected} or the timeout. */
    private static QualityCounts awaitQualityTotal(final int port, final QualityCounts expected) throws Exception {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/quality"))
                .timeout(Duration.ofSeconds(5)).build();
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        QualityCounts last = null;
        while (System.nanoTime() < deadline) {
            final JsonNode body = json(http.send(get, HttpResponse.BodyHandlers.ofByteArray()).body());
            for (final JsonNode m : body.path("models")) {
                final JsonNode t = m.path("total");
                if (MODEL.name().equals(m.path("name").asText()) && MODEL.version().equals(m.path("version").asText())
                        && t.isObject()) {
                    last = new QualityCounts(t.path("tp").asLong(), t.path("fp").asLong(), t.path("tn").asLong(),
                            t.path("fn").asLong());
                }
            }
            if (expected.equals(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        return last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, Integer> duplicates(final Map<String, Integer> perId) {
        final Map<String, Integer> d = new TreeMap<>(perId);
        d.values().removeIf(n -> n == 1);
        return d;
    }

    private static void labels(final KafkaProducer<byte[], byte[]> producer, final String base, final List<String> ids,
                               final Map<String, Boolean> truth) throws IOException {
        for (final String id : ids) {
            producer.send(new ProducerRecord<>(base + ".labels", utf8(id), utf8(Json.mapper().writeValueAsString(
                    Map.of("id", id, "label", truth.get(id) ? "spam" : "ham", "source", "restore-it")))));
        }
        producer.flush();
    }

    /** Each id's decision on the output topic (read_committed); fails unless there are exactly N, one per id. */
    private static Map<String, Boolean> predictions(final String topic) throws InterruptedException {
        final List<ConsumerRecord<byte[], byte[]>> records = readUntil(topic, rs -> rs.size() >= N);
        final Map<String, Boolean> out = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : records) {
            final JsonNode n = json(r.value());
            assertTrue(out.put(n.path("id").asText(), "spam".equals(n.path("label").asText())) == null, "scored twice: " + n);
        }
        assertEquals(N, out.size());
        return out;
    }

    /** Every example on the topic (not only the latest per id) once the ids all have one, in offset order. */
    private static List<Example> awaitExamples(final String topic, final List<String> ids) throws InterruptedException {
        final List<ConsumerRecord<byte[], byte[]>> records = readUntil(topic, rs -> {
            final java.util.Set<String> seen = new java.util.HashSet<>();
            rs.forEach(r -> seen.add(new String(r.key(), StandardCharsets.UTF_8)));
            return seen.containsAll(ids);
        });
        return records.stream().map(r -> ExampleJson.read(r.value())).toList();
    }

    /** Reads {@code topic} read_committed from the beginning until {@code done}, then on to its end. */
    private static List<ConsumerRecord<byte[], byte[]>> readUntil(final String topic,
            final Predicate<List<ConsumerRecord<byte[], byte[]>>> done) throws InterruptedException {
        final Map<String, Object> props = new HashMap<>(broker.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> parts = TopicMetadata.assignFromBeginning(consumer, List.of(topic), TIMEOUT);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s reading " + topic + " ("
                            + records.size() + " records)");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            final Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition()).thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    private static JsonNode json(final byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (final IOException e) {
            throw new AssertionError("not JSON: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        final Map<String, Object> props = new HashMap<>(broker.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(final Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (final Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
