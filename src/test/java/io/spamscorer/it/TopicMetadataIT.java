package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.kafka.TopicMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * On a real broker: a topic made by {@code EmbeddedKafka.createTopics} is usable the moment the call returns.
 * Without the wait, a busy broker answered a consumer's {@code partitionsFor} with an empty list right after
 * creation (CI: an integration test read only the dead-letter topic and timed out).
 */
class TopicMetadataIT {

    private static final int ROUNDS = 20;
    private static final int PARTITIONS = 4;

    @Test
    void shouldShowEveryPartitionToAConsumerAsSoonAsCreateTopicsReturns() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new HashMap<>(SharedKafka.clientProperties()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (int i = 0; i < ROUNDS; i++) {
                final SharedKafka.Topics topics = SharedKafka.createTopics("metadata", PARTITIONS);
                for (final String topic : List.of(topics.input(), topics.output(), topics.dlq())) {
                    assertEquals(PARTITIONS, consumer.partitionsFor(topic, SharedKafka.TIMEOUT).size(),
                            "round " + i + ": partitions of " + topic + " seen right after createTopics");
                }
            }
        }
    }

    @Test
    void shouldNameTheTopicsThatNeverAppear() {
        final String missing = SharedKafka.uniqueName("never-created");
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TopicMetadata.awaitLeaders(admin, List.of(missing), Duration.ofSeconds(1)));

            assertEquals("topic(s) not ready after 1 s: {" + missing + "=unknown to the broker yet}", e.getMessage());
        }
    }

    @Test
    void shouldFailAtOnceOnAnErrorThatWaitingCannotCure() {
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            // An illegal name is not retriable: the answer names it instead of "not ready after 60 s".
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TopicMetadata.awaitLeaders(admin, List.of("no spaces allowed"), SharedKafka.TIMEOUT));

            assertTrue(e.getMessage().startsWith("cannot describe topic no spaces allowed: "
                    + "org.apache.kafka.common.errors.InvalidTopicException"), e.getMessage());
        }
    }

    @Test
    void shouldReturnTheTopicsPartitionsOnceTheyAreLed() {
        final SharedKafka.Topics topics = SharedKafka.createTopics("metadata-led", PARTITIONS);
        try (Admin admin = Admin.create(SharedKafka.clientProperties());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new HashMap<>(SharedKafka.clientProperties()),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicMetadata.awaitLeaders(admin, List.of(topics.input(), topics.models()), Duration.ofSeconds(10));

            assertEquals(PARTITIONS, TopicMetadata.partitions(consumer, topics.input(), Duration.ofSeconds(10)).size());
            assertEquals(1, TopicMetadata.partitions(consumer, topics.models(), Duration.ofSeconds(10)).size(),
                    "the model topic has one partition");
        }
    }
}
