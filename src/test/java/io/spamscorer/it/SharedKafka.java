package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.stream.DeadLetters;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One real Kafka broker for all integration test classes of a failsafe JVM: started lazily on first use, closed
 * by a JVM shutdown hook. Every test gets its own uniquely named topics and application id, so tests sharing the
 * broker never see each other's records or consumer groups.
 */
final class SharedKafka {

    /** Upper bound of every wait in the integration tests. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static EmbeddedKafka kafka;

    private SharedKafka() {
    }

    /** The shared broker, started on first call. */
    static synchronized EmbeddedKafka broker() {
        if (kafka == null) {
            final EmbeddedKafka started = EmbeddedKafka.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-shutdown"));
            kafka = started;
        }
        return kafka;
    }

    static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    static Map<String, Object> clientProperties() {
        return broker().clientProperties();
    }

    /** A name unique in this JVM and run, e.g. {@code it-eos-7-k3xq}; valid as topic name and application id. */
    static String uniqueName(final String base) {
        return "it-" + base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-") + "-" + COUNTER.incrementAndGet()
                + "-" + RUN;
    }

    /** The three topics of one scorer. */
    record Topics(String input, String output, String dlq) {

        List<String> all() {
            return List.of(input, output, dlq);
        }

        List<String> results() {
            return List.of(output, dlq);
        }

        /** The model topic that goes with these topics. */
        String models() {
            return input + ".models";
        }
    }

    /** Names three unique topics without creating them. */
    static Topics topicNames(final String base) {
        final String prefix = uniqueName(base);
        return new Topics(prefix + ".in", prefix + ".out", prefix + ".dlq");
    }

    /** Creates three unique topics, each with {@code partitions} partitions. */
    static Topics createTopics(final String base, final int partitions) {
        final Topics t = topicNames(base);
        broker().createTopics(Map.of(t.input(), partitions, t.output(), partitions, t.dlq(), partitions, t.models(), 1));
        return t;
    }

    /**
     * A scorer configuration for these topics with a unique application id and the given state directory; fast
     * commit and failure detection for tests. {@code overrides} win (use them to share an application id).
     */
    static ScorerConfig config(final Topics topics, final Path stateDir, final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", bootstrapServers());
        values.put("application.id", uniqueName("app"));
        values.put("state.dir", stateDir.toAbsolutePath().toString());
        values.put(ScorerConfig.INPUT_TOPIC, topics.input());
        values.put(ScorerConfig.OUTPUT_TOPIC, topics.output());
        values.put(ScorerConfig.DLQ_TOPIC, topics.dlq());
        values.put(ScorerConfig.MODEL_TOPIC, topics.models());
        values.put(ScorerConfig.SHUTDOWN_TIMEOUT, "30s");
        values.put("commit.interval.ms", "100");
        // A closed or killed instance stays in the group until its session expires; 6 s is the broker minimum.
        values.put("session.timeout.ms", "6000");
        values.put("heartbeat.interval.ms", "1000");
        values.putAll(overrides);
        return ScorerConfig.of(values);
    }

    /** The shipped 57-feature Spambase model, loaded from {@code config/model.json} (failsafe runs in the project root). */
    static Model shippedModel() {
        return ModelLoader.load(Path.of("config", "model.json"));
    }

    /** The 3-feature test model (a, b, c; weights 2, -1, 0.5; bias -0.5; threshold 0.5). */
    static Model tinyModel() {
        return ModelLoader.load(resource("tiny-model.json"));
    }

    static ModelHolder holder(final Model model) {
        return new ModelHolder(new LoadedModel(model, "test", Instant.now()));
    }

    static Path resource(final String name) {
        final URL url = SharedKafka.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " not found");
        }
        try {
            return Path.of(url.toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the runtime and waits until it is RUNNING; fails fast if it dies. */
    static void startAndAwaitRunning(final ScorerRuntime runtime) throws InterruptedException {
        runtime.start();
        awaitRunning(runtime);
    }

    static void awaitRunning(final ScorerRuntime runtime) throws InterruptedException {
        await("scorer RUNNING (state " + runtime.state() + ")", () -> {
            if (runtime.failed()) {
                throw new AssertionError("scorer failed: " + runtime.failureReason());
            }
            return runtime.state() == KafkaStreams.State.RUNNING;
        });
    }

    /** Polls {@code condition} every 50 ms until it holds; fails after {@link #TIMEOUT}. */
    static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    static void await(final String what, final BooleanSupplier condition, final Supplier<String> detail)
            throws InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + " "
                        + detail.get());
            }
            Thread.sleep(50);
        }
    }

    /** An idempotent byte-array producer with acks=all. */
    static KafkaProducer<byte[], byte[]> producer() {
        final Map<String, Object> props = new HashMap<>(clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A {@code read_committed} consumer without a group, assigned to every partition of {@code topics} from the start. */
    static KafkaConsumer<byte[], byte[]> readCommittedConsumer(final List<String> topics) {
        final Map<String, Object> props = new HashMap<>(clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicMetadata.assignFromBeginning(consumer, topics, TIMEOUT);
        return consumer;
    }

    /** Polls once (up to {@code wait}) and appends what arrived. */
    static int pollInto(final KafkaConsumer<byte[], byte[]> consumer, final List<ConsumerRecord<byte[], byte[]>> into,
                        final Duration wait) {
        int n = 0;
        for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            into.add(r);
            n++;
        }
        return n;
    }

    /**
     * Reads {@code topics} from the beginning ({@code read_committed}) until at least {@code expected} records
     * arrived (or {@link #TIMEOUT} passed), then on to the current end of every partition, so that records beyond
     * the expected ones are returned too and the caller can assert there are none.
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(final List<String> topics, final int expected)
            throws InterruptedException {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = readCommittedConsumer(topics)) {
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                pollInto(consumer, records, Duration.ofMillis(200));
            }
            drainToEnd(consumer, records);
        }
        return records;
    }

    /** Reads on until the consumer's position reached the (last stable) end offset of every assigned partition. */
    static void drainToEnd(final KafkaConsumer<byte[], byte[]> consumer, final List<ConsumerRecord<byte[], byte[]>> into)
            throws InterruptedException {
        final Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), TIMEOUT);
        await("consumer to reach end offsets " + end, () -> {
            pollInto(consumer, into, Duration.ofMillis(100));
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue());
        });
    }

    static byte[] utf8(final String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(final byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Everything committed to the output and DLQ topics so far, read incrementally by one {@code read_committed} consumer. */
    static final class Results implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        Results(final Topics topics) {
            this.consumer = readCommittedConsumer(topics.results());
        }

        /** Polls briefly and returns how many records have arrived in total. */
        int poll() {
            pollInto(consumer, records, Duration.ofMillis(100));
            return records.size();
        }

        void awaitAtLeast(final int n) throws InterruptedException {
            awaitAtLeast(n, () -> "");
        }

        /** As {@link #awaitAtLeast(int)}; a timeout's message adds {@code context}, e.g. the scorers' state. */
        void awaitAtLeast(final int n, final Supplier<String> context) throws InterruptedException {
            await(n + " committed results", () -> poll() >= n, () -> "(" + records.size() + " so far) " + context.get());
        }

        /** Reads on to the current end of every partition and returns everything read. */
        List<ConsumerRecord<byte[], byte[]>> drain() throws InterruptedException {
            drainToEnd(consumer, records);
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /**
     * N input records for the tiny model with unique ids (key = id), some malformed on purpose, a paced
     * background producer, and the exactly-once check of what came back.
     */
    static final class Workload {

        private static final List<String> MALFORMED = List.of(
                "not json", "{\"id\":\"%s\",\"features\":[1,NaN,2]}", "{\"id\":\"%s\",\"features\":[1,2]}",
                "<tombstone>", "", "{\"features\":[1,2,3]}", "{\"id\":\"%s\",\"features\":{\"a\":\"1\"}}");

        private final List<String> ids = new ArrayList<>();
        private final Map<String, byte[]> values = new LinkedHashMap<>();
        private final Set<String> malformed = new HashSet<>();

        /** {@code n} records; every {@code malformedEvery}-th one is malformed. */
        Workload(final String prefix, final int n, final int malformedEvery) {
            for (int i = 0; i < n; i++) {
                final String id = prefix + "-" + i;
                ids.add(id);
                if (i % malformedEvery == malformedEvery - 1) {
                    malformed.add(id);
                    final String template = MALFORMED.get((i / malformedEvery) % MALFORMED.size());
                    values.put(id, "<tombstone>".equals(template) ? null : utf8(template.replace("%s", id)));
                } else {
                    values.put(id, utf8(String.format(Locale.ROOT, "{\"id\":\"%s\",\"features\":[%s,%s,%s]}",
                            id, (i % 10) / 10.0, (i % 7) / 7.0, (i % 3) - 1.0)));
                }
            }
        }

        int size() {
            return ids.size();
        }

        int malformedCount() {
            return malformed.size();
        }

        /**
         * Sends all records from a background thread, {@code chunk} records at a time with a short pause between
         * chunks, so that the input keeps arriving while scorers start and stop.
         */
        Future<?> produceInBackground(final String topic, final int chunk, final long pauseMillis) {
            final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                final Thread t = new Thread(r, "it-producer");
                t.setDaemon(true);
                return t;
            });
            final Future<?> done = executor.submit(() -> {
                produce(topic, chunk, pauseMillis);
                return null;
            });
            executor.shutdown();
            return done;
        }

        /** Sends all records (paced as above when {@code pauseMillis > 0}) and waits until all are acknowledged. */
        void produce(final String topic, final int chunk, final long pauseMillis) throws Exception {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                final List<Future<RecordMetadata>> acks = new ArrayList<>();
                int inChunk = 0;
                for (final String id : ids) {
                    acks.add(producer.send(new ProducerRecord<>(topic, utf8(id), values.get(id))));
                    if (++inChunk == chunk && pauseMillis > 0) {
                        producer.flush();
                        inChunk = 0;
                        Thread.sleep(pauseMillis);
                    }
                }
                producer.flush();
                for (final Future<RecordMetadata> ack : acks) {
                    ack.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }

        /**
         * Every record is on exactly one of output and DLQ, exactly once, under its original key: good records on
         * the output topic with their id, malformed ones on the DLQ with their original bytes and a reason.
         */
        void assertExactlyOnce(final Topics topics, final List<ConsumerRecord<byte[], byte[]>> records) {
            final Map<String, Integer> seen = new HashMap<>();
            final List<String> problems = new ArrayList<>();
            for (final ConsumerRecord<byte[], byte[]> r : records) {
                final String key = string(r.key());
                seen.merge(key, 1, Integer::sum);
                if (!values.containsKey(key)) {
                    problems.add("unknown key " + key + " on " + r.topic());
                } else if (malformed.contains(key) != r.topic().equals(topics.dlq())) {
                    problems.add(key + " on " + r.topic() + " (malformed: " + malformed.contains(key) + ")");
                } else if (r.topic().equals(topics.dlq())) {
                    if (!Arrays.equals(values.get(key), r.value())) {
                        problems.add(key + ": DLQ value differs from the input");
                    }
                    if (header(r, DeadLetters.HEADER_REASON) == null || header(r, DeadLetters.HEADER_MESSAGE) == null) {
                        problems.add(key + ": DLQ record without reason headers");
                    }
                } else if (!string(r.value()).startsWith("{\"id\":\"" + key + "\",")) {
                    problems.add(key + ": output value " + string(r.value()));
                }
            }
            final List<String> duplicates = seen.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
            final List<String> missing = ids.stream().filter(id -> !seen.containsKey(id)).toList();
            final long dlq = records.stream().filter(r -> r.topic().equals(topics.dlq())).count();
            assertAll(
                    () -> assertEquals(List.of(), duplicates, "duplicates"),
                    () -> assertEquals(List.of(), missing.subList(0, Math.min(20, missing.size())),
                            missing.size() + " records missing, e.g."),
                    () -> assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), "problems"),
                    () -> assertEquals(malformed.size(), dlq, "dead letters"),
                    () -> assertEquals(ids.size(), records.size(), "output + DLQ records"));
        }
    }

    /** The value of the last header with this name, as UTF-8, or null. */
    static String header(final ConsumerRecord<?, ?> record, final String name) {
        final Header h = record.headers().lastHeader(name);
        return h == null ? null : string(h.value());
    }
}
