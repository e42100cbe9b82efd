package io.spamscorer.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Open-loop latency load: sends {@code lat-<i>} records (Spambase rows, positional) at a fixed rate, record
 * {@code i} due at {@code t0 + i/rate} and stamped with that intended time as its CreateTime, so a sender that
 * falls behind shows up as latency (no coordinated omission). Afterwards reads the output topic (LogAppendTime)
 * and computes, per record, {@code LogAppendTime(output) − intended send time} in milliseconds; the first
 * {@code warmup} records are left out.
 */
final class LatencyProbe {

    /** How often the sender wakes to send what is due. */
    private static final long TICK_NANOS = 1_000_000;

    private final Map<String, Object> producerProps;
    private final BenchRecords records;
    private final double rate;
    private final int total;
    private final int warmup;
    private final int[] rows;
    private long t0Millis;
    private double maxLagMs;
    private double achievedRate;

    LatencyProbe(final Map<String, Object> producerProps, final BenchRecords records, final double rate,
                 final Duration warmup, final Duration measured) {
        this.producerProps = Map.copyOf(producerProps);
        this.records = records;
        this.rate = rate;
        this.rows = records.rowsAround(BenchRecords.TYPICAL_BYTES, 30);
        this.warmup = (int) Math.min(Integer.MAX_VALUE / 2, Math.round(rate * warmup.toMillis() / 1000.0));
        this.total = this.warmup + (int) Math.min(Integer.MAX_VALUE / 2, Math.round(rate * measured.toMillis() / 1000.0));
    }

    int total() {
        return total;
    }

    /** Sends all records at the fixed rate; returns once the producer has them all acknowledged. */
    void send(final String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            send(producer, topic);
        }
    }

    /** {@link #send(String)} through {@code producer}, which it flushes but does not close. */
    void send(final Producer<byte[], byte[]> producer, final String topic) {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        t0Millis = System.currentTimeMillis();
        final long t0 = System.nanoTime();
        long now = t0;
        for (int i = 0; i < total; i++) {
            final long due = due(t0, i);
            // Every record due by the last clock reading goes at once, and a wait lasts at least a millisecond: one
            // wake-up per millisecond instead of one per record (20,000 a second at the default rate) leaves the shared
            // cores to the scorer and the broker. A record sent late still counts from its own intended time, so this
            // can add latency to the figures, never hide it.
            if (due > now) {
                now = System.nanoTime();
            }
            while (due > now) {
                LockSupport.parkNanos(Math.max(due, now + TICK_NANOS) - now);
                now = System.nanoTime();
            }
            maxLagMs = Math.max(maxLagMs, (now - due) / 1e6);
            send(producer, topic, i, failure);
        }
        achievedRate = total / ((System.nanoTime() - t0) / 1e9);
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("latency send failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** The most any record was sent after its intended time, in milliseconds. */
    double maxLagMs() {
        return maxLagMs;
    }

    private long due(final long t0, final int i) {
        return t0 + (long) (i * 1e9 / rate);
    }

    private void send(final Producer<byte[], byte[]> producer, final String topic, final int i,
                      final AtomicReference<Exception> failure) {
        final String id = "lat-" + i;
        producer.send(new ProducerRecord<>(topic, null, (long) Math.floor(intendedMillis(i)),
                id.getBytes(StandardCharsets.UTF_8), records.positional(id, rows[i % rows.length])), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    /** When record {@code i} is meant to be sent, in epoch milliseconds; its CreateTime is this, rounded down. */
    double intendedMillis(final int i) {
        return t0Millis + i * 1000.0 / rate;
    }

    /** Reads the output topic through and summarises the latencies of the measured records. */
    BenchResult.Latency measure(final BenchKafka kafka, final String outTopic, final Duration timeout) {
        final double[] lat = new double[total - warmup];
        final BitSet seen = new BitSet(total);
        int n = 0;
        try (KafkaConsumer<byte[], byte[]> c = kafka.consumer("read_committed")) {
            BenchKafka.assignFromBeginning(c, outTopic);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.cardinality() < total && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    final int i = Integer.parseInt(new String(r.key(), 4, r.key().length - 4, StandardCharsets.UTF_8));
                    if (seen.get(i)) {
                        continue;
                    }
                    seen.set(i);
                    if (i >= warmup) {
                        lat[n++] = r.timestamp() - intendedMillis(i);
                    }
                }
            }
        }
        final double[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        return new BenchResult.Latency(rate, achievedRate, n, warmup, total - seen.cardinality(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999),
                n == 0 ? Double.NaN : sorted[n - 1], maxLagMs);
    }

    /** Nearest-rank percentile of a sorted array. */
    static double percentile(final double[] sorted, final double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
