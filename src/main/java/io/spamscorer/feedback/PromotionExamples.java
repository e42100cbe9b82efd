package io.spamscorer.feedback;

import io.spamscorer.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code scorer.examples.topic} for the promotion check: read_committed, from the beginning to the end offsets
 * taken at the start, with no consumer group (nothing is committed, every run reads it all). The topic is compacted by
 * id but not yet compacted everywhere, so the last value per key wins here too, and a tombstone removes the id.
 * Features are dropped on read: the check compares decisions only.
 */
public final class PromotionExamples {

    private static final Logger LOG = LoggerFactory.getLogger(PromotionExamples.class);

    /** The latest example per id, and how many records were not examples (skipped, not fatal). */
    public record Read(Map<String, Example> latest, long invalid) {

        public Read {
            latest = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(latest));
        }
    }

    private PromotionExamples() {
    }

    /**
     * @param clientProps bootstrap servers and security settings
     * @throws IllegalStateException if the topic cannot be read to its end within {@code timeout}
     */
    public static Read read(final Map<String, Object> clientProps, final String topic, final Duration timeout) {
        Objects.requireNonNull(topic, "topic == null");
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "spam-scorer-promote-examples");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return read(consumer, topic, timeout);
        }
    }

    /** Reads with {@code consumer}, which it assigns to every partition of {@code topic}; the caller closes it. */
    static Read read(final Consumer<byte[], byte[]> consumer, final String topic, final Duration timeout) {
        final Map<String, Example> latest = new LinkedHashMap<>();
        final long[] invalidRecords = {0};
        if (!TopicReader.readToEnd(consumer, topic, timeout, r -> invalidRecords[0] += apply(r, latest) ? 0 : 1)) {
            throw new IllegalStateException("could not read examples topic " + topic + " to its end within "
                    + timeout.toSeconds() + " s");
        }
        final long invalid = invalidRecords[0];
        if (invalid > 0) {
            LOG.warn("skipped {} record(s) on {} that are not examples", invalid, topic);
        }
        return new Read(latest, invalid);
    }

    /** Applies one record; false if it is not an example (logged at DEBUG with its coordinates, never its content). */
    private static boolean apply(final ConsumerRecord<byte[], byte[]> r, final Map<String, Example> latest) {
        final String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            if (key != null) {
                latest.remove(key);
            }
            return true;
        }
        try {
            final Example e = ExampleJson.read(r.value());
            // remove first, so the map keeps ids in the order of their latest record
            final String id = key != null ? key : e.id();
            latest.remove(id);
            // the check needs the decisions, not the features: a training set's features would cost memory per id
            latest.put(id, e.features().isEmpty() ? e : new Example(e.id(), e.label(), e.labelSource(), e.labelAt(),
                    e.scoredAt(), e.model(), e.spamProbability(), e.predicted(), e.shadow(), Map.of()));
            return true;
        } catch (final IllegalArgumentException e) {
            LOG.debug("not an example at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return false;
        }
    }
}
