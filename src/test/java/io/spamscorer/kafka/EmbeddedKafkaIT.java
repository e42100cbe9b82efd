package io.spamscorer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs a real KRaft broker in a child JVM and checks the behaviour the application relies on. */
class EmbeddedKafkaIT {

    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
            assertFalse(kafka.isRunning(), "broker process should be gone after close");
            assertFalse(kafka.dataDir().toFile().exists(), "temporary data dir should be deleted");
        }
    }

    @Test
    void shouldProduceAndConsumeThroughRealBroker() throws Exception {
        kafka.createTopics(Map.of("it.plain", 2));
        try (KafkaProducer<String, String> producer = producer(kafka.clientProperties(), Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("it.plain", "key-" + i, "value-" + i)).get(10, TimeUnit.SECONDS);
            }
        }

        final Map<String, Object> groupConfig = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "it-plain-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = consumer(kafka.clientProperties(), groupConfig)) {
            consumer.subscribe(List.of("it.plain"));
            final List<String> values = pollValues(consumer, 10, "value-9");
            assertEquals(10, values.size(), "values " + values);
            assertTrue(values.containsAll(List.of("value-0", "value-5", "value-9")), "values " + values);
            consumer.commitSync(Duration.ofSeconds(10));
        }
    }

    @Test
    void shouldCommitTransactionsOnSingleNode() throws Exception {
        kafka.createTopics(Map.of("it.tx", 1));
        final Map<String, Object> txConfig = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx-producer");
        try (KafkaProducer<String, String> producer = producer(kafka.clientProperties(), txConfig)) {
            producer.initTransactions();
            sendInTransaction(producer, List.of("committed-1", "committed-2"), true);
            sendInTransaction(producer, List.of("aborted-1", "aborted-2"), false);
            sendInTransaction(producer, List.of("committed-3"), true);
        }

        assertEquals(List.of("committed-1", "committed-2", "committed-3"),
                readFromStart("it.tx", "read_committed", 3, "committed-3"));
        final List<String> uncommitted = readFromStart("it.tx", "read_uncommitted", 5, "committed-3");
        assertTrue(uncommitted.containsAll(List.of("aborted-1", "aborted-2")),
                "aborted records were really written, read_uncommitted sees them: " + uncommitted);
    }

    @Test
    void shouldRejectUnknownTopicBecauseAutoCreateIsOff() throws Exception {
        final Map<String, Object> fastFail = Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        try (KafkaProducer<String, String> producer = producer(kafka.clientProperties(), fastFail)) {
            final ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("it.missing", "k", "v")).get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof TimeoutException
                    || failure.getCause() instanceof UnknownTopicOrPartitionException, failure.toString());
        }
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertFalse(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("it.missing"),
                    "broker must not auto-create topics");
        }
    }

    @Test
    void shouldRestartOnSamePortAfterKill() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.builder().start()) {
            broker.createTopics(Map.of("it.durable", 1));
            try (KafkaProducer<String, String> producer = producer(broker.clientProperties(), Map.of())) {
                producer.send(new ProducerRecord<>("it.durable", "k", "before-kill")).get(10, TimeUnit.SECONDS);
            }
            final String address = broker.bootstrapServers();
            final long firstPid = broker.pid();

            broker.kill();
            assertFalse(broker.isRunning());
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));

            broker.restart();
            assertEquals(address, broker.bootstrapServers());
            assertNotEquals(firstPid, broker.pid());
            try (KafkaProducer<String, String> producer = producer(broker.clientProperties(), Map.of())) {
                final RecordMetadata after = producer.send(new ProducerRecord<>("it.durable", "k", "after-restart"))
                        .get(30, TimeUnit.SECONDS);
                assertEquals(1, after.offset(), "offset continues after the record written before the kill");
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker.clientProperties(), Map.of())) {
                final TopicPartition partition = new TopicPartition("it.durable", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                assertEquals(List.of("before-kill", "after-restart"), pollValues(consumer, 2, "after-restart"));
            }
        }
    }

    @Test
    void shouldAuthenticateSaslPlainAndRejectWrongPassword() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (EmbeddedKafka broker = EmbeddedKafka.builder().saslPlainUser("alice", "alice-secret").start()) {
                broker.createTopics(Map.of("it.sasl", 1));

                final Map<String, Object> alice = broker.saslClientProperties("alice", "alice-secret");
                try (KafkaProducer<String, String> producer = producer(alice, Map.of())) {
                    final RecordMetadata sent = producer.send(new ProducerRecord<>("it.sasl", "k", "v"))
                            .get(30, TimeUnit.SECONDS);
                    assertEquals(0, sent.offset());
                }

                final Map<String, Object> wrong = new HashMap<>(broker.saslClientProperties("alice", "wrong"));
                wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
                wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
                try (Admin admin = Admin.create(wrong)) {
                    final long started = System.nanoTime();
                    final ExecutionException failure = assertThrows(ExecutionException.class,
                            () -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
                    assertInstanceOf(SaslAuthenticationException.class, failure.getCause(), failure.toString());
                    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15),
                            "authentication failure should be reported quickly, not by a timeout");
                }
                try (KafkaProducer<String, String> producer = producer(wrong, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000))) {
                    final ExecutionException failure = assertThrows(ExecutionException.class,
                            () -> producer.send(new ProducerRecord<>("it.sasl", "k", "v")).get(30, TimeUnit.SECONDS));
                    assertInstanceOf(SaslAuthenticationException.class, failure.getCause(), failure.toString());
                }
            }
        });
    }

    private static void sendInTransaction(final KafkaProducer<String, String> producer, final List<String> values,
                                          final boolean commit) throws Exception {
        producer.beginTransaction();
        for (final String value : values) {
            producer.send(new ProducerRecord<>("it.tx", value, value)).get(10, TimeUnit.SECONDS);
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static List<String> readFromStart(final String topic, final String isolation, final int expected,
                                              final String last) {
        final Map<String, Object> config = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<String, String> consumer = consumer(kafka.clientProperties(), config)) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return pollValues(consumer, expected, last);
        }
    }

    /** Polls until {@code expected} values arrived and {@code last} was among them, or 30 s passed. */
    private static List<String> pollValues(final KafkaConsumer<String, String> consumer, final int expected,
                                           final String last) {
        final List<String> values = new ArrayList<>();
        final long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
        while ((values.size() < expected || !values.contains(last)) && System.nanoTime() < deadline) {
            for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                values.add(record.value());
            }
        }
        // One more short poll makes sure nothing unexpected (e.g. aborted records) follows.
        consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        return values;
    }

    private static KafkaProducer<String, String> producer(final Map<String, Object> connection,
                                                          final Map<String, Object> extra) {
        final Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TEST_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(final Map<String, Object> connection,
                                                          final Map<String, Object> extra) {
        final Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(extra);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
