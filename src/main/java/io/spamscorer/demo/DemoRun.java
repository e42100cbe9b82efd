package io.spamscorer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.stream.DeadLetters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Feeds the demo records into the input topic at an optional rate and reads the output and dead-letter topics
 * ({@code read_committed}) until every record is accounted for, showing a progress line on stderr.
 */
public final class DemoRun {

    private final Map<String, Object> clientProps;
    private final String inputTopic;
    private final String outputTopic;
    private final String dlqTopic;
    private final PrintStream progress;

    public DemoRun(final Map<String, Object> clientProps, final String inputTopic, final String outputTopic,
                   final String dlqTopic, final PrintStream progress) {
        this.clientProps = Map.copyOf(clientProps);
        this.inputTopic = inputTopic;
        this.outputTopic = outputTopic;
        this.dlqTopic = dlqTopic;
        this.progress = progress;
    }

    /** Summary figures of one run. */
    public record Outcome(DemoResults results, int sent, long firstSendNanos, long lastResultNanos, boolean complete) {

        public double recordsPerSecond() {
            final double secs = (lastResultNanos - firstSendNanos) / 1e9;
            return secs <= 0 ? 0 : (results.scoredCount() + results.deadLetterCount()) / secs;
        }
    }

    public Outcome run(final List<DemoRecord> records, final double ratePerSecond, final Duration timeout)
            throws InterruptedException {
        final DemoResults results = new DemoResults();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            assignAll(consumer);
            final long start = System.nanoTime();
            final Thread producerThread = new Thread(() -> produce(records, ratePerSecond), "demo-producer");
            producerThread.setDaemon(true);
            producerThread.start();
            final long deadline = start + timeout.toNanos();
            long lastResult = start;
            long lastProgress = 0;
            while (results.scoredCount() + results.deadLetterCount() < records.size() && System.nanoTime() < deadline) {
                if (poll(consumer, results) > 0) {
                    lastResult = System.nanoTime();
                }
                if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(500)) {
                    lastProgress = System.nanoTime();
                    showProgress(results, records.size(), start);
                }
            }
            showProgress(results, records.size(), start);
            progress.println();
            producerThread.join(TimeUnit.SECONDS.toMillis(5));
            final boolean complete = results.scoredCount() + results.deadLetterCount() >= records.size();
            return new Outcome(results, records.size(), start, lastResult, complete);
        }
    }

    private void showProgress(final DemoResults r, final int total, final long start) {
        final double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        final int done = r.scoredCount() + r.deadLetterCount();
        progress.printf("\r  %,d / %,d records back · %,d scored · %,d dead-lettered · %,.0f records/s   ",
                done, total, r.scoredCount(), r.deadLetterCount(), done / secs);
        progress.flush();
    }

    private void produce(final List<DemoRecord> records, final double ratePerSecond) {
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            final long start = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                final DemoRecord r = records.get(i);
                producer.send(new ProducerRecord<>(inputTopic, r.id().getBytes(StandardCharsets.UTF_8), r.value()));
                if (ratePerSecond > 0) {
                    pace(start, i + 1, ratePerSecond);
                }
            }
            producer.flush();
        }
    }

    private static void pace(final long start, final int sent, final double rate) {
        final long due = start + (long) (sent / rate * 1e9);
        final long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void assignAll(final KafkaConsumer<byte[], byte[]> consumer) {
        TopicMetadata.assignFromBeginning(consumer, List.of(outputTopic, dlqTopic), Duration.ofSeconds(30));
    }

    private int poll(final KafkaConsumer<byte[], byte[]> consumer, final DemoResults results) {
        int n = 0;
        for (final ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(100))) {
            n++;
            if (rec.topic().equals(dlqTopic)) {
                final Header h = rec.headers().lastHeader(DeadLetters.HEADER_MESSAGE);
                results.addDeadLetter(h == null ? "(no reason header)" : new String(h.value(), StandardCharsets.UTF_8));
            } else {
                results.addScored(parse(rec.value()));
            }
        }
        return n;
    }

    private static DemoResults.Scored parse(final byte[] value) {
        try {
            final JsonNode n = Json.mapper().readTree(value);
            return new DemoResults.Scored(n.get("id").asText(), n.get("spamProbability").asDouble(),
                    n.get("label").asText(), new String(value, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new IllegalStateException("the scorer wrote an output record that is not JSON", e);
        }
    }
}
