package io.spamscorer.chaos;

import io.spamscorer.model.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The chaos input: Spambase rows (data/spambase.csv) with unique ids, alternately positional and named, and every
 * {@code malformedEvery}-th record a known malformed one, written at a steady rate by an idempotent acks=all
 * producer on a background thread. Every send and every acknowledgement is recorded in the {@link Ledger}.
 */
final class Workload {

    /** A malformed record template: the expected {@code scorer.dlq.reason}, and the value for an id (null = tombstone). */
    private record Bad(String reason, Function<String, byte[]> value) {
    }

    private final List<double[]> rows;
    private final List<String> names;
    private final Model model;
    private final Ledger ledger;
    private final String topic;
    private final String idPrefix;
    private final int ratePerSecond;
    private final int malformedEvery;
    private final Map<String, Object> producerProps;
    private final List<Bad> bad;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private Thread thread;

    Workload(final Map<String, Object> clientProps, final String topic, final String idPrefix, final Model model,
             final Ledger ledger, final int ratePerSecond, final int malformedEvery) {
        this.topic = topic;
        this.idPrefix = idPrefix;
        this.model = model;
        this.ledger = ledger;
        this.ratePerSecond = ratePerSecond;
        this.malformedEvery = malformedEvery;
        this.names = model.features();
        this.rows = readSpambase(Path.of("data", "spambase.csv"), names.size());
        this.producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 90_000);
        producerProps.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.bad = malformedTemplates();
    }

    static List<double[]> readSpambase(final Path csv, final int features) {
        try {
            final List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            final List<double[]> out = new ArrayList<>(lines.size());
            for (final String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                final String[] cells = line.split(",");
                final double[] x = new double[features];
                for (int i = 0; i < features; i++) {
                    x[i] = Double.parseDouble(cells[i]);
                }
                out.add(x);
            }
            return out;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    private List<Bad> malformedTemplates() {
        final double[] row = rows.get(0);
        final String positional = joinNumbers(row);
        final String nanRow = positional.replaceFirst("^[^,]+", "NaN");
        return List.of(
                new Bad("not_json", id -> utf8("{\"id\":\"" + id + "\",\"features\":[" + positional.substring(0, 20))),
                new Bad("tombstone", id -> null),
                new Bad("empty", id -> new byte[0]),
                new Bad("feature_count", id -> utf8("{\"id\":\"" + id + "\",\"features\":[1,2,3]}")),
                new Bad("non_finite", id -> utf8("{\"id\":\"" + id + "\",\"features\":[" + nanRow + "]}")),
                new Bad("bad_id", id -> utf8("{\"id\":42,\"features\":[" + positional + "]}")),
                new Bad("bad_feature_type", id -> utf8("{\"id\":\"" + id + "\",\"features\":{\"" + names.get(0) + "\":\"0.5\"}}")),
                new Bad("missing_feature", id -> utf8("{\"id\":\"" + id + "\",\"features\":" + named(row, 1, false) + "}")),
                new Bad("duplicate_field", id -> utf8("{\"id\":\"" + id + "\",\"id\":\"" + id + "\",\"features\":[" + positional + "]}")),
                new Bad("not_json", id -> {
                    final byte[] head = utf8("{\"id\":\"" + id + "\",\"note\":\"");
                    final byte[] tail = utf8("\",\"features\":[" + positional + "]}");
                    final byte[] v = Arrays.copyOf(head, head.length + 2 + tail.length);
                    v[head.length] = (byte) 0xC0; // an overlong '/', invalid UTF-8
                    v[head.length + 1] = (byte) 0xAF;
                    System.arraycopy(tail, 0, v, head.length + 2, tail.length);
                    return v;
                }));
    }

    /** Starts producing until {@link #stop()}. */
    void start() {
        thread = new Thread(this::produce, "chaos-producer");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            final long start = System.nanoTime();
            long seq = 0;
            while (!stop.get()) {
                // Pace: record n is due at start + n / rate.
                final long due = start + seq * TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
                final long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
                    continue;
                }
                send(producer, seq++);
            }
            producer.flush();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            error.set(e);
        }
    }

    private void send(final KafkaProducer<byte[], byte[]> producer, final long seq) {
        final String id = idPrefix + "-" + seq;
        final byte[] value;
        final Ledger.Expectation expectation;
        if (seq % malformedEvery == malformedEvery - 1) {
            final Bad b = bad.get((int) ((seq / malformedEvery) % bad.size()));
            value = b.value().apply(id);
            expectation = new Ledger.Expectation(id, Double.NaN, b.reason(), "malformed");
        } else {
            final double[] x = rows.get((int) (seq % rows.size()));
            final boolean named = seq % 2 == 1;
            final String features = named ? named(x, 0, seq % 7 == 1) : "[" + joinNumbers(x) + "]";
            value = utf8("{\"id\":\"" + id + "\",\"features\":" + features + "}");
            // The expectation is computed independently of the topology, from the model file.
            expectation = new Ledger.Expectation(id, model.score(x, 0).spamProbability(), null,
                    named ? "named" : "positional");
        }
        ledger.sent(expectation);
        producer.send(new ProducerRecord<>(topic, utf8(id), value), (metadata, e) -> {
            if (e == null) {
                ledger.acked(id, metadata.partition(), metadata.offset());
            } else {
                ledger.failed(id, e);
            }
        });
    }

    /** Stops producing, flushes and waits (bounded) until every send was acknowledged or failed. */
    void stop(final long timeoutMillis) throws InterruptedException {
        stop.set(true);
        if (thread != null) {
            thread.join(timeoutMillis);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(10_000);
                throw new AssertionError("chaos producer did not stop within " + timeoutMillis + " ms");
            }
        }
        if (error.get() != null) {
            throw new AssertionError("chaos producer failed", error.get());
        }
    }

    /** Stops at once, for cleanup after a failure; never throws. */
    void abort() {
        stop.set(true);
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String named(final double[] x, final int skip, final boolean withUnknown) {
        final StringBuilder sb = new StringBuilder("{");
        for (int i = skip; i < x.length; i++) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(names.get(i)).append("\":").append(x[i]);
        }
        if (withUnknown) {
            sb.append(",\"x_not_a_model_feature\":1");
        }
        return sb.append('}').toString();
    }

    private static String joinNumbers(final double[] x) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(String.format(Locale.ROOT, "%s", x[i]));
        }
        return sb.toString();
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
