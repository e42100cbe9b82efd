package io.spamscorer.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Workload (a): one thread, a plain {@link KafkaConsumer} → {@link KafkaProducer} copy loop over the raw bytes (no
 * Kafka Streams, no parsing), keys kept so partitioning matches the Streams workloads. Offsets are committed
 * after a producer flush every second and at the end (at-least-once, as Streams does it). Stops after
 * {@code expected} records or the timeout.
 */
final class PlainLoop {

    private static final long COMMIT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private PlainLoop() {
    }

    /** Copies {@code expected} records from {@code in} to {@code out}; returns how many were copied. */
    static long run(final Map<String, Object> clientProps, final Map<String, Object> producerProps, final String group,
                    final String in, final String out, final long expected, final Duration timeout) {
        final Map<String, Object> cp = new HashMap<>(clientProps);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        cp.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, FirstRead.class.getName());
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long copied = 0;
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            consumer.subscribe(List.of(in));
            long lastCommit = System.nanoTime();
            while (copied < expected && System.nanoTime() < deadline) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (final ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(out, null, r.timestamp(), r.key(), r.value(), r.headers()));
                }
                copied += records.count();
                if (System.nanoTime() - lastCommit > COMMIT_EVERY_NANOS) {
                    producer.flush();
                    consumer.commitSync();
                    lastCommit = System.nanoTime();
                }
            }
            producer.flush();
            consumer.commitSync();
        }
        return copied;
    }
}
