package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.train.Dataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The open-loop sender: every record once, in order, stamped with the time it was meant to go. */
class LatencyProbeTest {

    private static final BenchRecords RECORDS = new BenchRecords(Dataset.read(Path.of("data/spambase.csv"), "spam"));

    private static LatencyProbe probe() {
        // 20,000/s for 10 ms of warm-up and 90 ms measured: 2,000 records, about 100 bursts
        return new LatencyProbe(Map.of(), RECORDS, 20_000, Duration.ofMillis(10), Duration.ofMillis(90));
    }

    @Test
    void shouldSendEveryRecordOnceInOrderStampedWithItsIntendedTime() {
        final LatencyProbe probe = probe();
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        probe.send(producer, "lat-in");
        final List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(2_000, probe.total());
        assertEquals(probe.total(), sent.size());
        for (int i = 0; i < sent.size(); i++) {
            final ProducerRecord<byte[], byte[]> r = sent.get(i);
            assertEquals("lat-in", r.topic());
            assertEquals("lat-" + i, new String(r.key(), StandardCharsets.UTF_8));
            assertEquals((long) Math.floor(probe.intendedMillis(i)), r.timestamp(), "record " + i);
            assertTrue(new String(r.value(), StandardCharsets.UTF_8).startsWith("{\"id\":\"lat-" + i + "\",\"features\":["),
                    "record " + i);
        }
        assertTrue(probe.maxLagMs() >= 0, "max lag " + probe.maxLagMs());
        assertTrue(producer.flushed(), "flushed");
    }

    @Test
    void shouldFailTheRunWhenTheBrokerRejectsARecord() {
        final LatencyProbe probe = probe();
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(final ProducerRecord<byte[], byte[]> record,
                                                            final Callback callback) {
                if ("lat-7".equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    callback.onCompletion(null, new IllegalStateException("record too large"));
                }
                return super.send(record, callback);
            }
        };
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> probe.send(producer, "lat-in"));
        assertEquals("latency send failed: record too large", e.getMessage());
    }
}
