package io.spamscorer.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kafka settings are checked at load: Kafka's own validation of Streams and its clients, and the scorer's bounds. */
class KafkaSettingsCheckTest {

    private static ScorerConfig of(final String key, final String value) {
        return ScorerConfig.of(Map.of("bootstrap.servers", "broker:9092", key, value));
    }

    private static String rejected(final String key, final String value) {
        final String msg = assertThrows(ConfigurationException.class, () -> of(key, value)).getMessage();
        assertEquals(1, msg.lines().count(), msg);
        return msg;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-100"})
    void shouldRejectFewerThanOneStreamThreadNamingTheKey(final String threads) {
        // Kafka accepts these; the job would then sit in REBALANCING for ever, live and never ready.
        final String msg = rejected("num.stream.threads", threads);
        assertTrue(msg.contains("num.stream.threads = '" + threads + "'"), msg);
        assertTrue(msg.contains("at least 1"), msg);
    }

    @Test
    void shouldNameTheEnvironmentVariableThatSetZeroStreamThreads() {
        final String msg = assertThrows(ConfigurationException.class, () -> ScorerConfig.load(null, Map.of(
                "SPAM_SCORER_BOOTSTRAP_SERVERS", "b:9092", "SPAM_SCORER_NUM_STREAM_THREADS", "0"))).getMessage();
        assertTrue(msg.contains("num.stream.threads"), msg);
        assertTrue(msg.contains("SPAM_SCORER_NUM_STREAM_THREADS"), msg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2"})
    void shouldRejectAnInternalTopicReplicationFactorOtherThanMinusOneOrPositive(final String factor) {
        final String msg = rejected("replication.factor", factor);
        assertTrue(msg.contains("replication.factor = '" + factor + "'"), msg);
        assertTrue(msg.contains("-1"), msg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1", "3"})
    void shouldAcceptAnInternalTopicReplicationFactorOfMinusOneOrPositive(final String factor) {
        assertEquals(factor, of("replication.factor", factor).streamsProperties().get("replication.factor"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"num.standby.replicas|-1|at least 0", "poll.ms|-1|at least 0"})
    void shouldRejectNegativeCountsAndTimeoutsKafkaLeavesOpen(final String key, final String value, final String problem) {
        final String msg = rejected(key, value);
        assertTrue(msg.contains(key), msg);
        assertTrue(msg.contains(problem), msg);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Streams itself does not validate client settings; its consumers, producer and admin client do, later.
        "consumer.session.timeout.ms|abc|session.timeout.ms",
        "main.consumer.max.poll.records|0|max.poll.records",
        "session.timeout.ms|soon|session.timeout.ms",
        "producer.compression.type|zip|compression.type",
        "admin.request.timeout.ms|-5|request.timeout.ms",
        "processing.guarantee|exactly_once|processing.guarantee"})
    void shouldRunKafkasOwnValidationOfTheDerivedClientConfigsNamingTheKey(final String key, final String value,
            final String named) {
        final String msg = rejected(key, value);
        assertTrue(msg.contains(named), msg);
        assertTrue(msg.contains("given"), () -> "the origin of " + key + " is not named: " + msg);
    }

    @Test
    void shouldAcceptTheDefaultsAndValidClientOverrides() {
        assertDoesNotThrow(() -> ScorerConfig.of(Map.of("bootstrap.servers", "b:9092", "num.stream.threads", "2",
                "consumer.session.timeout.ms", "45000", "producer.compression.type", "lz4", "poll.ms", "0")));
    }
}
