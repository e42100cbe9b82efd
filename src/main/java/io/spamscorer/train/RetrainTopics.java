package io.spamscorer.train;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ExampleJson;
import io.spamscorer.kafka.TopicReader;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.ops.ModelTopicProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What {@code retrain} reads from Kafka: the examples topic (the latest example per id) and the live model on the
 * model topic. Both are read {@code read_committed} from the beginning to the end they had when reading started, with
 * no consumer group, so nothing is committed and every run sees the whole compacted topic.
 */
public final class RetrainTopics {

    /** The examples topic's latest example per id, and what could not be read. */
    public record Examples(Map<String, Example> byId, long records, long tombstones, long unreadable, String firstProblem) {
        public Examples {
            byId = Map.copyOf(byId);
        }
    }

    /** The live model and where it came from, e.g. {@code "model topic spam-scorer.models-0@12"}. */
    public record Live(Model model, String source) {
    }

    private RetrainTopics() {
    }

    /** Reads {@code topic} to its end; a later record for an id replaces the earlier one, a tombstone removes it. */
    public static Examples examples(final ScorerConfig config, final String topic, final Duration timeout) {
        final Map<String, Example> byId = new HashMap<>();
        final long[] counts = new long[3];
        final String[] first = new String[1];
        readToEnd(config, topic, timeout, r -> {
            counts[0]++;
            final String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                counts[1]++;
                if (key != null) {
                    byId.remove(key);
                }
                return;
            }
            try {
                final Example e = ExampleJson.read(r.value());
                byId.put(e.id(), e);
            } catch (final IllegalArgumentException e) {
                counts[2]++;
                if (first[0] == null) {
                    first[0] = r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + e.getMessage();
                }
            }
        });
        return new Examples(byId, counts[0], counts[1], counts[2], first[0]);
    }

    /**
     * The model the scorers run: the newest live record on {@code scorer.model.topic} (by record time) that is a model
     * the scorers would accept, else {@code scorer.model.path}. The shadow slot is not a live model.
     */
    public static Live live(final ScorerConfig config, final Duration timeout) {
        final ConsumerRecord<byte[], byte[]> r = newestLive(config, timeout);
        if (r != null) {
            try {
                final Model m = ModelLoader.parse(r.value());
                ModelPublisher.checkCompatible(config, m);
                return new Live(m, "model topic " + r.topic() + "-" + r.partition() + "@" + r.offset());
            } catch (final ModelException e) {
                // the watchers refused it too and kept their model; so do we
                return fromFile(config, " (the newest live record on " + config.modelTopic() + " is refused: "
                        + e.getMessage() + ")");
            }
        }
        return fromFile(config, " (no live model published on " + config.modelTopic() + ")");
    }

    private static Live fromFile(final ScorerConfig config, final String why) {
        return new Live(ModelLoader.load(config.modelPath()), ScorerConfig.MODEL_PATH + "=" + config.modelPath() + why);
    }

    /** The newest live record, or null. */
    private static ConsumerRecord<byte[], byte[]> newestLive(final ScorerConfig config, final Duration timeout) {
        final AtomicReference<ConsumerRecord<byte[], byte[]>> newest = new AtomicReference<>();
        readToEnd(config, config.modelTopic(), timeout, r -> {
            if (r.key() == null || ModelTopicProtocol.isShadowKey(r.key())) {
                return;
            }
            if (r.value() == null) {
                if (newest.get() != null && Arrays.equals(newest.get().key(), r.key())) {
                    newest.set(null); // that name was withdrawn
                }
                return;
            }
            if (newest.get() == null || r.timestamp() >= newest.get().timestamp()) {
                newest.set(r);
            }
        });
        return newest.get();
    }

    private static void readToEnd(final ScorerConfig config, final String topic, final Duration timeout,
                                  final Consumer<ConsumerRecord<byte[], byte[]>> each) {
        final Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "spam-scorer-retrain");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            if (!TopicReader.readToEnd(consumer, topic, timeout, each)) {
                throw new TopicReadException("could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
            }
        } catch (final KafkaException e) {
            throw new TopicReadException("cannot read " + topic + ": " + e.getMessage(), e);
        } catch (final IllegalStateException e) {
            // TopicMetadata's "topic does not exist / no leader within the timeout"
            throw new TopicReadException("cannot read " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The model topic's reading failing must not stop a retrain that can use the file; the reason is kept. */
    public static Live liveOrFile(final ScorerConfig config, final Duration timeout) {
        try {
            return live(config, timeout);
        } catch (final TopicReadException e) {
            return fromFile(config, " (" + e.getMessage() + ")");
        }
    }
}
