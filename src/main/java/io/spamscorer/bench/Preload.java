package io.spamscorer.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills the bench's input topics: record {@code i} has key and id {@code email-<i+1>} and, as a positional value
 * (README "Input record"), one of the real Spambase rows whose encoding is 311 ± 30 bytes, in turn; or, for the raw
 * email topic, key {@code mail-<i+1>} and message {@code i} of the corpus cycled. Sent with large batches; the
 * producer's CreateTime is the record timestamp.
 */
final class Preload {

    private Preload() {
    }

    /** The producer settings of the bench's own load generators. */
    static Map<String, Object> producerProps(final Map<String, Object> clientProps, final int lingerMs, final int batchSize) {
        final Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** Sends {@code n} records and waits for all acknowledgements; returns the total value bytes. */
    static long run(final Map<String, Object> clientProps, final String topic, final int n, final BenchRecords records) {
        final int[] rows = records.rowsAround(BenchRecords.TYPICAL_BYTES, 30);
        return run(producerProps(clientProps, 20, 256 * 1024), topic, n, "email-",
                (id, i) -> records.positional(id, rows[i % rows.length]));
    }

    /** Sends {@code n} raw messages, the corpus cycled; returns the total value bytes. */
    static long run(final Map<String, Object> clientProps, final String topic, final int n, final BenchMail mail) {
        final Map<String, Object> p = producerProps(clientProps, 20, 256 * 1024);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes(mail));
        return run(p, topic, n, "mail-", (id, i) -> mail.message(i));
    }

    /** A request bound that takes the largest message with its key and record overhead. */
    static int maxRequestBytes(final BenchMail mail) {
        return Math.max(1024 * 1024, mail.largest() + 64 * 1024);
    }

    private static long run(final Map<String, Object> producerProps, final String topic, final int n, final String idPrefix,
                            final BiFunction<String, Integer, byte[]> values) {
        long bytes = 0;
        final AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < n; i++) {
                final String id = idPrefix + (i + 1);
                final byte[] value = values.apply(id, i);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("preload send failed: " + failure.get().getMessage(), failure.get());
        }
        return bytes;
    }
}
