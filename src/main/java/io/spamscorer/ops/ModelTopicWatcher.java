package io.spamscorer.ops;

import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted model topic ({@code scorer.model.topic}; key: model name, value: model JSON as in the
 * model file) and swaps the {@link ModelHolder} to every valid, compatible model published there. Each instance
 * reads the whole topic itself (no consumer group), so every instance switches within about a second.
 *
 * <p>On start, {@link #catchUp(Duration)} reads to the end of the topic, so the job starts with the latest valid
 * model on the topic, else the model file. A model that fails validation is logged and counted; the previous
 * model stays.
 */
public final class ModelTopicWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicWatcher.class);

    private final String topic;
    private final Model deployed;
    private final ModelHolder holder;
    private final ModelEvents events;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public ModelTopicWatcher(final Map<String, Object> clientProps, final String topic, final Model deployed,
                             final ModelHolder holder, final ModelEvents events) {
        this.topic = topic;
        this.deployed = deployed;
        this.holder = holder;
        this.events = events;
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "spam-scorer-model-watcher");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads the topic from the beginning to its current end, applying every valid model. */
    public void catchUp(final Duration timeout) {
        final List<TopicPartition> partitions = TopicMetadata.assignFromBeginning(consumer, List.of(topic), timeout);
        if (partitions.size() > 1) {
            LOG.warn("model topic {} has {} partitions; models are applied in per-partition order, so publish to one",
                    topic, partitions.size());
        }
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(end) && System.nanoTime() < deadline) {
            apply(consumer.poll(Duration.ofMillis(200)));
        }
        if (!caughtUp(end)) {
            throw new IllegalStateException("could not read model topic " + topic + " to its end within " + timeout);
        }
        LOG.info("starting with model {} from {}", LogSafe.escape(holder.model()), LogSafe.escape(holder.current().source()));
    }

    private boolean caughtUp(final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Follows the topic on a daemon thread until {@link #close()}. */
    public void start() {
        running = true;
        thread = new Thread(this::follow, "spam-scorer-model-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (running) {
                apply(consumer.poll(Duration.ofMillis(500)));
            }
        } catch (final WakeupException e) {
            // close() woke us up
        } catch (final RuntimeException e) {
            LOG.error("model watcher stopped; the job keeps scoring with {}", LogSafe.escape(holder.model()), e);
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void apply(final Iterable<ConsumerRecord<byte[], byte[]>> records) {
        for (final ConsumerRecord<byte[], byte[]> r : records) {
            final String source = "topic " + r.topic() + "-" + r.partition() + "@" + r.offset();
            if (r.value() == null) {
                LOG.info("ignoring tombstone at {}", source);
                continue;
            }
            try {
                final Model candidate = ModelLoader.parse(r.value());
                ModelCompatibility.check(deployed, candidate);
                final LoadedModel loaded = new LoadedModel(candidate, source, Instant.now());
                holder.swap(loaded);
                events.accepted(loaded);
                LOG.info("now scoring with model {} from {}", candidate, source);
            } catch (final ModelException e) {
                events.rejected(source, e.getMessage());
                LOG.warn("rejected model at {}: {}; still scoring with {}", source, e.getMessage(), holder.model());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread == null) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
