package io.spamscorer.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer interceptor that notes, per consumer group (for Kafka Streams: per {@code application.id}), the
 * wall-clock time at which the first non-empty {@code poll} returned: the bench's "first input read". Installed as
 * {@code interceptor.classes} on the plain consumer and {@code main.consumer.interceptor.classes} on Streams, so
 * the measured workloads themselves are untouched.
 */
public final class FirstRead implements ConsumerInterceptor<byte[], byte[]> {

    private static final Map<String, Long> FIRST_READ_MILLIS = new ConcurrentHashMap<>();

    private String group = "";

    /** Wall-clock millis of the group's first non-empty poll, or -1 when it has read nothing yet. */
    public static long millis(final String group) {
        return FIRST_READ_MILLIS.getOrDefault(group, -1L);
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object g = configs.get(ConsumerConfig.GROUP_ID_CONFIG);
        group = g == null ? "" : g.toString();
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(final ConsumerRecords<byte[], byte[]> records) {
        if (!records.isEmpty() && !FIRST_READ_MILLIS.containsKey(group)) {
            FIRST_READ_MILLIS.putIfAbsent(group, System.currentTimeMillis());
        }
        return records;
    }

    @Override
    public void onCommit(final Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
