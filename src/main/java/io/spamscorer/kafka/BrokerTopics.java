package io.spamscorer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic creation on a single broker, through the harness's admin client. */
final class BrokerTopics {

    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);

    private BrokerTopics() {
    }

    /** Replication factor 1; topics that already exist are left as they are. */
    static void create(final String bootstrapServers, final Map<String, Integer> partitionsByTopic) {
        final List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                .collect(Collectors.toList());
        try (Admin admin = Admin.create(ClientProperties.admin(bootstrapServers))) {
            admin.createTopics(topics).values().forEach(BrokerTopics::awaitTopicCreated);
            TopicMetadata.awaitLeaders(admin, partitionsByTopic.keySet(), TOPIC_READY_TIMEOUT);
        }
    }

    private static void awaitTopicCreated(final String topic, final KafkaFuture<Void> future) {
        try {
            future.get();
        } catch (final ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e.getCause());
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }
}
