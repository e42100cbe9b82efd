package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.ops.ModelTopicSettings;
import io.spamscorer.ops.TopicGuard;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the startup topic check says about the model topic, against a real broker. */
class TopicGuardIT {

    @TempDir
    Path stateDir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(TopicGuard.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
    }

    private List<String> lines(final Level level) {
        return events.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void shouldWarnAtStartupWhenTheModelTopicIsNotCompacted() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("guard-delete");
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            admin.createTopics(List.of(
                    new NewTopic(topics.input(), Optional.of(1), Optional.empty()),
                    new NewTopic(topics.output(), Optional.of(1), Optional.empty()),
                    new NewTopic(topics.dlq(), Optional.of(1), Optional.empty()),
                    new NewTopic(topics.models(), Optional.of(1), Optional.empty()).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG, "86400000")))).all().get(30, TimeUnit.SECONDS);
        }

        TopicGuard.ensureAll(SharedKafka.config(topics, stateDir, Map.of()));

        final List<String> warnings = lines(Level.WARN);
        assertEquals(1, warnings.size(), events.list.toString());
        assertTrue(warnings.get(0).startsWith("topic " + topics.models() + " has cleanup.policy=delete (retention.ms=86400000), not compact"),
                warnings.get(0));
    }

    @Test
    void shouldNotWarnWhenTheModelTopicIsCompacted() {
        final SharedKafka.Topics topics = SharedKafka.topicNames("guard-compact");
        final ScorerConfig config = SharedKafka.config(topics, stateDir, Map.of(ScorerConfig.TOPICS_CREATE, "true"));
        TopicGuard.ensureAll(config);
        events.list.clear();

        TopicGuard.ensureAll(config);

        assertEquals(List.of(), lines(Level.WARN));
    }

    @Test
    void shouldLogThePartitionsAndCleanupPolicyEachTopicWasReallyCreatedWith() {
        final SharedKafka.Topics topics = SharedKafka.topicNames("guard-create");
        final ScorerConfig config = SharedKafka.config(topics, stateDir, Map.of(ScorerConfig.TOPICS_CREATE, "true",
                ScorerConfig.TOPICS_PARTITIONS, "4"));

        TopicGuard.ensureAll(config);

        assertEquals(List.of("created topic(s) " + topics.input() + " (4 partitions), " + topics.output() + " (4 partitions), "
                        + topics.dlq() + " (4 partitions), " + topics.models() + " (1 partition, cleanup.policy=compact, max.message.bytes="
                        + ModelTopicSettings.MAX_MESSAGE_BYTES + ")"),
                lines(Level.INFO));
    }

    @Test
    void shouldCreateEmailTopicsWithRoomForTheLargestMessageAndItsDeadLetter() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("guard-email");
        final ScorerConfig config = SharedKafka.config(topics, stateDir, Map.of(ScorerConfig.TOPICS_CREATE, "true",
                ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.EMAIL_MAX_BYTES, "4194304", ScorerConfig.TOPICS_PARTITIONS, "4"));

        TopicGuard.ensureAll(config);

        assertEquals(String.valueOf(4_194_304 + TopicGuard.EMAIL_RECORD_OVERHEAD), maxMessageBytes(topics.input()));
        assertEquals(String.valueOf(4_194_304 + TopicGuard.EMAIL_RECORD_OVERHEAD + TopicGuard.DEAD_LETTER_HEADERS),
                maxMessageBytes(topics.dlq()));
        assertEquals(4, partitionCount(topics.input()), "only the model topic is created with one partition");
    }

    private static String maxMessageBytes(final String topic) throws Exception {
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            final ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value();
        }
    }

    private static int partitionCount(final String topic) throws Exception {
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        }
    }
}
