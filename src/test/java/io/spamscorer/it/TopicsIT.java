package io.spamscorer.it;

import static io.spamscorer.it.SharedKafka.string;
import static io.spamscorer.it.SharedKafka.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.ops.TopicGuard;
import io.spamscorer.stream.DeadLetters;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup topic checks against a real broker: missing topics are named, or created when asked. */
class TopicsIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldNameTheMissingTopicsWhenTopicCreationIsOff() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("topics-missing");
        SharedKafka.broker().createTopics(Map.of(topics.input(), 1));
        final ScorerConfig config = SharedKafka.config(topics, stateDir, Map.of());
        assertFalse(config.createTopics(), "topic creation is off by default");

        final ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> TopicGuard.ensure(config, config.topics(), Map.of()));

        assertTrue(e.getMessage().contains(topics.output()), e.getMessage());
        assertTrue(e.getMessage().contains(topics.dlq()), e.getMessage());
        assertFalse(e.getMessage().contains(topics.input() + ","), "the existing input topic is not named: " + e.getMessage());
        assertTrue(e.getMessage().contains(ScorerConfig.TOPICS_CREATE), "says how to fix it: " + e.getMessage());
        assertEquals(Set.of(topics.input()), existing(topics.all()), "nothing was created");
    }

    @Test
    void shouldCreateTheMissingTopicsAndScoreWhenAskedTo() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("topics-create");
        final ScorerConfig config = SharedKafka.config(topics, stateDir, Map.of(ScorerConfig.TOPICS_CREATE, "true",
                ScorerConfig.TOPICS_PARTITIONS, "2"));

        TopicGuard.ensure(config, config.topics(), Map.of());

        assertEquals(Set.copyOf(topics.all()), existing(topics.all()));
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            final Map<String, TopicDescription> described =
                    admin.describeTopics(topics.all()).allTopicNames().get(30, TimeUnit.SECONDS);
            described.forEach((name, d) -> assertEquals(2, d.partitions().size(), name + " partitions"));
        }
        // A second check finds everything in place and does nothing.
        TopicGuard.ensure(config, config.topics(), Map.of());

        try (ScorerRuntime runtime = new ScorerRuntime(config, SharedKafka.holder(SharedKafka.tinyModel()),
                ScoringListener.NONE)) {
            SharedKafka.startAndAwaitRunning(runtime);
            try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
                producer.send(new ProducerRecord<>(topics.input(), utf8("k1"),
                        utf8("{\"id\":\"m1\",\"features\":[1,2,3]}"))).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(topics.input(), utf8("k2"),
                        utf8("{\"id\":\"m2\",\"features\":[1,2]}"))).get(30, TimeUnit.SECONDS);
            }
            final List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.readAll(topics.results(), 2);

            assertEquals(2, records.size(), () -> "records: " + records);
            final Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
            records.forEach(r -> byKey.put(string(r.key()), r));
            assertEquals(topics.output(), byKey.get("k1").topic());
            // tiny model: -0.5 + 2*1 - 1*2 + 0.5*3 = 1.0
            assertTrue(string(byKey.get("k1").value()).contains("\"logit\":1.0"), string(byKey.get("k1").value()));
            assertEquals(topics.dlq(), byKey.get("k2").topic());
            assertEquals("feature_count", SharedKafka.header(byKey.get("k2"), DeadLetters.HEADER_REASON));
        }
    }

    private static Set<String> existing(final List<String> names) throws Exception {
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            final Set<String> all = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return names.stream().filter(all::contains).collect(java.util.stream.Collectors.toSet());
        }
    }
}
