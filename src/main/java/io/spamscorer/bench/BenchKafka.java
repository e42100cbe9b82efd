package io.spamscorer.bench;

import io.spamscorer.kafka.TopicMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The bench's broker-side bookkeeping: creates its topics (outputs with
 * {@code message.timestamp.type=LogAppendTime}, so every output record carries the time the broker appended it),
 * and reads offsets and tail timestamps to find out when a workload has finished. Every wait is bounded.
 */
final class BenchKafka implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int TAIL = 500;

    private final Map<String, Object> clientProps;
    private final Admin admin;
    private KafkaConsumer<byte[], byte[]> probe;

    BenchKafka(final Map<String, Object> clientProps) {
        this.clientProps = Map.copyOf(clientProps);
        this.admin = Admin.create(new HashMap<>(clientProps));
    }

    Map<String, Object> clientProps() {
        return clientProps;
    }

    /** Creates an input topic (CreateTime) or an output topic (LogAppendTime), replication factor 1 when asked. */
    void createTopic(final String name, final int partitions, final short replication, final boolean logAppendTime) {
        createTopic(name, partitions, replication, logAppendTime, 0);
    }

    /** As above, with {@code max.message.bytes} set when {@code maxMessageBytes} > 0 (the raw email topics). */
    void createTopic(final String name, final int partitions, final short replication, final boolean logAppendTime,
                     final int maxMessageBytes) {
        final NewTopic t = new NewTopic(name, java.util.Optional.of(partitions),
                replication < 1 ? java.util.Optional.empty() : java.util.Optional.of(replication));
        final Map<String, String> configs = new HashMap<>();
        if (logAppendTime) {
            configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        }
        if (maxMessageBytes > 0) {
            configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        }
        t.configs(configs);
        get(admin.createTopics(List.of(t)).all());
        TopicMetadata.awaitLeaders(admin, List.of(name), CALL_TIMEOUT);
    }

    void deleteTopics(final List<String> names) {
        try {
            admin.deleteTopics(names).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            // best effort: a leftover topic on a shared broker is harmless
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sum of the log end offsets of a topic (for a transactional topic this includes commit markers). */
    long endOffsetSum(final String topic) {
        if (probe == null) {
            probe = consumer("read_uncommitted");
        }
        return probe.endOffsets(partitions(probe, topic), CALL_TIMEOUT).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sum of the offsets a consumer group (or Streams application) has committed on a topic. */
    long committedSum(final String group, final String topic) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        long sum = 0;
        for (final Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /** The largest record timestamp (LogAppendTime on output topics) among the last records of each partition. */
    long lastTimestamp(final String topic) {
        long max = -1;
        try (KafkaConsumer<byte[], byte[]> c = consumer("read_committed")) {
            final List<TopicPartition> parts = partitions(c, topic);
            final Map<TopicPartition, Long> end = c.endOffsets(parts, CALL_TIMEOUT);
            final Map<TopicPartition, Long> begin = c.beginningOffsets(parts, CALL_TIMEOUT);
            c.assign(parts);
            for (final TopicPartition tp : parts) {
                c.seek(tp, Math.max(begin.get(tp), end.get(tp) - TAIL));
            }
            final long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (!reached(c, parts, end) && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    max = Math.max(max, r.timestamp());
                }
            }
        }
        return max;
    }

    /** Counts the committed records of a topic by reading it through, within the timeout. */
    long count(final String topic, final Duration timeout) {
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer("read_committed")) {
            final List<TopicPartition> parts = assignFromBeginning(c, topic);
            final Map<TopicPartition, Long> end = c.endOffsets(parts, CALL_TIMEOUT);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(c, parts, end) && System.nanoTime() < deadline) {
                n += c.poll(Duration.ofMillis(200)).count();
            }
        }
        return n;
    }

    private static boolean reached(final KafkaConsumer<byte[], byte[]> c, final List<TopicPartition> parts,
                                   final Map<TopicPartition, Long> end) {
        for (final TopicPartition tp : parts) {
            if (c.position(tp, CALL_TIMEOUT) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    KafkaConsumer<byte[], byte[]> consumer(final String isolation) {
        final Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(final KafkaConsumer<?, ?> c, final String topic) {
        return TopicMetadata.partitions(c, topic, CALL_TIMEOUT);
    }

    static List<TopicPartition> assignFromBeginning(final KafkaConsumer<?, ?> c, final String topic) {
        return TopicMetadata.assignFromBeginning(c, List.of(topic), CALL_TIMEOUT);
    }

    private static <T> T get(final org.apache.kafka.common.KafkaFuture<T> f) {
        try {
            return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("broker call timed out after " + CALL_TIMEOUT, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
