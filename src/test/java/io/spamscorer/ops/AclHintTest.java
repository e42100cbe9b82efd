package io.spamscorer.ops;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spamscorer.config.ScorerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** A broker's refusal, however deep in the cause chain, becomes the one grant the scorer lacks. */
class AclHintTest {

    private static final ScorerConfig CONFIG = ScorerConfig.of(Map.of("bootstrap.servers", "127.0.0.1:1",
            "application.id", "app", ScorerConfig.INPUT_TOPIC, "in", ScorerConfig.OUTPUT_TOPIC, "out",
            ScorerConfig.DLQ_TOPIC, "dlq", ScorerConfig.MODEL_TOPIC, "models"));
    private final AclHint hint = AclHint.of(CONFIG);

    @Test
    void shouldNameReadOnTopicsTheJobReadsAndWriteOnThoseItWrites() {
        assertEquals("not authorized: the scorer's principal needs WRITE on topic out (scorer.output.topic)"
                        + " (TopicAuthorizationException: Not authorized to access topics: [out])",
                hint.explain(new StreamsException("Error encountered sending record to topic out for task 0_0 due to:\n...",
                        new TopicAuthorizationException(Set.of("out")))));
        assertEquals("READ on topic in (scorer.input.topic), READ on topic models (scorer.model.topic), access to topic other",
                hint.topics(List.of("in", "models", "other")));
    }

    @Test
    void shouldNameTheGroupAndTheTransactionalIdPrefix() {
        assertEquals("not authorized: the scorer's principal needs READ on group app (the application.id)"
                + " (GroupAuthorizationException: Not authorized to access group: app)",
                hint.explain(new StreamsException(GroupAuthorizationException.forGroupId("app"))));
        assertEquals("not authorized: the scorer's principal needs WRITE on transactional ids with the prefix app"
                        + " (the application.id; a PREFIXED ACL, for exactly-once) (TransactionalIdAuthorizationException:"
                        + " Transactional Id authorization failed.)",
                hint.explain(new StreamsException("Error encountered trying to initialize transactions",
                        new KafkaException(new TransactionalIdAuthorizationException("Transactional Id authorization failed.")))));
    }

    @Test
    void shouldNameTheFeedbackTopicsAndTheJoinsInternalTopicsWhenLabelsAreOn() {
        final AclHint feedback = AclHint.of(CONFIG.with(ScorerConfig.LABELS_TOPIC, "labels", "test")
                .with(ScorerConfig.EXAMPLES_TOPIC, "examples", "test").with(ScorerConfig.SHADOW_TOPIC, "shadow", "test"));
        assertEquals("READ on topic labels (scorer.labels.topic), WRITE on topic examples (scorer.examples.topic),"
                + " WRITE on topic shadow (scorer.shadow.topic), CREATE, READ and WRITE on topics with the prefix app-"
                + " (a PREFIXED ACL: the labels join's repartition and changelog topics; DELETE on it too, so Kafka Streams"
                + " can purge the repartition topics)",
                feedback.topics(List.of("labels", "examples", "shadow", "app-feedback-scores-repartition",
                        "app-feedback-join-changelog")));
    }

    /** Kafka Streams creating its internal topics without CREATE: the refusal names no topic, the exception around it does. */
    @Test
    void shouldNameThePrefixWhenCreatingAnInternalTopicIsRefusedWithoutATopicName() {
        final AclHint feedback = AclHint.of(CONFIG.with(ScorerConfig.LABELS_TOPIC, "labels", "test"));
        assertEquals("not authorized: the scorer's principal needs CREATE, READ and WRITE on topics with the prefix app-"
                        + " (a PREFIXED ACL: the labels join's repartition and changelog topics; DELETE on it too, so Kafka"
                        + " Streams can purge the repartition topics) (TopicAuthorizationException: Authorization failed.)",
                feedback.explain(new StreamsException("Could not create topic app-feedback-scores-repartition.",
                        new TopicAuthorizationException("Authorization failed."))));
        assertEquals("not authorized: the scorer's principal needs READ on topic in (scorer.input.topic), READ on topic"
                        + " models (scorer.model.topic), WRITE on topic out (scorer.output.topic), WRITE on topic dlq"
                        + " (scorer.dlq.topic) (TopicAuthorizationException: Authorization failed.)",
                hint.explain(new StreamsException("something else", new TopicAuthorizationException("Authorization failed."))),
                "no topic named anywhere: every topic of the job");
    }

    @Test
    void shouldSayNothingAboutOtherFailures() {
        assertNull(hint.explain(new StreamsException(new IllegalStateException("boom"))));
    }

    @Test
    void shouldShutDownAtOnceOnAMissingGrantWithoutSpendingTheReplacementBudget() {
        final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(3, Duration.ofMinutes(10), Clock.systemUTC(),
                hint::explain);
        assertEquals(SHUTDOWN_CLIENT, policy.handle(new StreamsException(new TopicAuthorizationException(Set.of("in")))));
        assertEquals("stream thread died: not authorized: the scorer's principal needs READ on topic in (scorer.input.topic)"
                + " (TopicAuthorizationException: Not authorized to access topics: [in])", policy.fatalReason());

        final ThreadReplacementPolicy other = new ThreadReplacementPolicy(3, Duration.ofMinutes(10), Clock.systemUTC(),
                hint::explain);
        assertEquals(REPLACE_THREAD, other.handle(new StreamsException(new IllegalStateException("boom"))));
    }
}
