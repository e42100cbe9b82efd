package io.spamscorer.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.kafka.TopicMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The traffic of {@code demo --feedback}: raw messages into the input topic, then the user's labels (key: email id,
 * value {@code {"id", "label", "source"}}) into the labels topic; and a {@code read_committed} reader of the output
 * and shadow topics that knows which ids have come back. One producer and one reader for the whole demo.
 */
final class FeedbackTraffic implements AutoCloseable {

    /** The labels' {@code source}, so a reader of the examples topic can tell the demo's labels apart. */
    static final String SOURCE = "demo-feedback";

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final String inputTopic;
    private final String labelsTopic;
    private final String shadowTopic;
    private final Set<String> scored = new HashSet<>();
    private final Set<String> shadowScored = new HashSet<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

    FeedbackTraffic(final Map<String, Object> clientProps, final String inputTopic, final String outputTopic,
                    final String labelsTopic, final String shadowTopic) {
        final Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        final Map<String, Object> c = new HashMap<>(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.reader = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicMetadata.assignFromBeginning(reader, List.of(outputTopic, shadowTopic), Duration.ofSeconds(30));
        this.inputTopic = inputTopic;
        this.labelsTopic = labelsTopic;
        this.shadowTopic = shadowTopic;
    }

    /** Sends the messages and waits until the live model's result for each is committed; false on timeout. */
    boolean score(final List<DemoRecord> mail, final Duration timeout) {
        for (final DemoRecord r : mail) {
            producer.send(new ProducerRecord<>(inputTopic, utf8(r.id()), r.value()), this::onSent);
        }
        flush();
        final Set<String> ids = new HashSet<>();
        mail.forEach(r -> ids.add(r.id()));
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!scored.containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            poll();
        }
        return true;
    }

    /** How many of {@code ids} the shadow model scored too (read so far). */
    int shadowScored(final Collection<String> ids) {
        poll();
        int n = 0;
        for (final String id : ids) {
            n += shadowScored.contains(id) ? 1 : 0;
        }
        return n;
    }

    /** One label per message, as a user's "report spam" / "not spam" would send it. */
    void label(final List<DemoRecord> mail) {
        for (final DemoRecord r : mail) {
            final ObjectNode v = Json.mapper().createObjectNode();
            v.put("id", r.id());
            v.put("label", r.label() == 1 ? "spam" : "ham");
            v.put("source", SOURCE);
            try {
                producer.send(new ProducerRecord<>(labelsTopic, utf8(r.id()), Json.mapper().writeValueAsBytes(v)), this::onSent);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        flush();
    }

    /** Waits until every send is acknowledged; a failed send fails the demo rather than pass for a lost record. */
    private void flush() {
        producer.flush();
        final Exception e = sendFailure.get();
        if (e != null) {
            throw new IllegalStateException("a demo record was not sent: " + e.getMessage(), e);
        }
    }

    private void poll() {
        for (final ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
            final String id = id(r.value());
            (r.topic().equals(shadowTopic) ? shadowScored : scored).add(id);
        }
    }

    private void onSent(final RecordMetadata m, final Exception e) {
        if (e != null) {
            sendFailure.compareAndSet(null, e);
        }
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code id} of an output or shadow record (the output topic's JSON contract). */
    private static String id(final byte[] value) {
        try {
            return Json.mapper().readTree(value).path("id").asText();
        } catch (final IOException e) {
            throw new IllegalStateException("the scorer wrote a result that is not JSON", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        reader.close();
    }
}
