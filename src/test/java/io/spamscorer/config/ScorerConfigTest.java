package io.spamscorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.stream.DeadLetterDeserializationHandler;
import io.spamscorer.stream.DeadLetterProcessingHandler;
import io.spamscorer.stream.MissingFeaturePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScorerConfigTest {

    @TempDir
    Path dir;

    private Path file(final String... lines) throws IOException {
        final Path f = dir.resolve("scorer.properties");
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    private static ScorerConfig of(final String... keyValues) {
        final Map<String, String> m = new HashMap<>();
        m.put("bootstrap.servers", "broker:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return ScorerConfig.of(m);
    }

    private static ConfigurationException rejected(final String... keyValues) {
        return assertThrows(ConfigurationException.class, () -> of(keyValues));
    }

    @Test
    void shouldApplyDocumentedDefaults() {
        final ScorerConfig c = of();
        assertEquals("emails.features", c.inputTopic());
        assertEquals("emails.scored", c.outputTopic());
        assertEquals("emails.features.dlq", c.dlqTopic());
        assertEquals(Path.of("config/model.json"), c.modelPath());
        assertEquals(3, c.explainTop());
        assertEquals(MissingFeaturePolicy.REJECT, c.missingFeatures());
        assertEquals(List.of("emails.features", "emails.scored", "emails.features.dlq"), c.topics());
        final Properties p = c.streamsProperties();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("emails.features.dlq", p.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        assertEquals(DeadLetterProcessingHandler.class.getName(), p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(DeadLetterDeserializationHandler.class.getName(),
                p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals("broker:9092", p.get("bootstrap.servers"));
        assertEquals("spam-scorer", c.applicationId());
        assertEquals("5", p.get("producer.linger.ms"));
        assertEquals("65536", p.get("producer.batch.size"));
        assertEquals("lz4", p.get("producer.compression.type"));
    }

    @Test
    void shouldLetTheOperatorOverrideTheProducerCompression() {
        final Map<String, String> v = new HashMap<>(Map.of("bootstrap.servers", "broker:9092"));
        v.put("producer.compression.type", "zstd");
        assertEquals("zstd", ScorerConfig.of(v).streamsProperties().get("producer.compression.type"));
    }

    @Test
    void shouldReadPropertiesFile() throws IOException {
        final ScorerConfig c = ScorerConfig.load(file(
                "bootstrap.servers = file-broker:9092",
                "scorer.input.topic=in",
                "scorer.output.topic=out",
                "scorer.dlq.topic=dead",
                "scorer.model.path=models/m.json",
                "scorer.explain.top=7",
                "scorer.features.missing=zero",
                "processing.guarantee=at_least_once",
                "application.id=my-app"), Map.of());
        assertEquals("in", c.inputTopic());
        assertEquals("out", c.outputTopic());
        assertEquals("dead", c.dlqTopic());
        assertEquals(Path.of("models/m.json"), c.modelPath());
        assertEquals(7, c.explainTop());
        assertEquals(MissingFeaturePolicy.ZERO, c.missingFeatures());
        assertEquals("at_least_once", c.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("dead", c.streamsProperties().get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        assertEquals("file-broker:9092", c.streamsProperties().get("bootstrap.servers"));
        assertEquals("my-app", c.applicationId());
    }

    @Test
    void shouldLetEnvironmentOverrideFile() throws IOException {
        final ScorerConfig c = ScorerConfig.load(file(
                "bootstrap.servers=file-broker:9092",
                "scorer.explain.top=7",
                "scorer.features.missing=zero"), Map.of(
                "SPAM_SCORER_SCORER_EXPLAIN_TOP", "2",
                "SPAM_SCORER_BOOTSTRAP_SERVERS", "env-broker:9093",
                "SPAM_SCORER_SCORER_OUTPUT_TOPIC", "env.out",
                "PATH", "/usr/bin",
                "SPAM_SCORER_", "ignored"));
        assertEquals(2, c.explainTop());
        assertEquals(MissingFeaturePolicy.ZERO, c.missingFeatures());
        assertEquals("env.out", c.outputTopic());
        assertEquals("env-broker:9093", c.streamsProperties().get("bootstrap.servers"));
    }

    @Test
    void shouldWorkFromEnvironmentAlone() {
        final ScorerConfig c = ScorerConfig.load(null, Map.of(
                "SPAM_SCORER_BOOTSTRAP_SERVERS", "env-broker:9093",
                "SPAM_SCORER_SCORER_FEATURES_MISSING", "ZERO"));
        assertEquals(MissingFeaturePolicy.ZERO, c.missingFeatures());
        assertEquals("env-broker:9093", c.streamsProperties().get("bootstrap.servers"));
    }

    @Test
    void shouldMapEnvironmentNamesToKeys() {
        assertEquals("bootstrap.servers", ConfigSources.keyForEnv("SPAM_SCORER_BOOTSTRAP_SERVERS"));
        assertEquals("scorer.input.topic", ConfigSources.keyForEnv("SPAM_SCORER_SCORER_INPUT_TOPIC"));
        assertEquals("SPAM_SCORER_SCORER_EXPLAIN_TOP", ConfigSources.envForKey("scorer.explain.top"));
    }

    @Test
    void shouldNameTheEnvironmentVariableWhenItsValueIsInvalid() {
        final ConfigurationException e = assertThrows(ConfigurationException.class, () -> ScorerConfig.load(null, Map.of(
                "SPAM_SCORER_BOOTSTRAP_SERVERS", "b:9092",
                "SPAM_SCORER_SCORER_EXPLAIN_TOP", "lots")));
        assertTrue(e.getMessage().contains("scorer.explain.top"), e.getMessage());
        assertTrue(e.getMessage().contains("SPAM_SCORER_SCORER_EXPLAIN_TOP"), e.getMessage());
    }

    @Test
    void shouldNameTheFileWhenItsValueIsInvalid() throws IOException {
        final Path f = file("bootstrap.servers=b:9092", "scorer.features.missing=maybe");
        final ConfigurationException e = assertThrows(ConfigurationException.class, () -> ScorerConfig.load(f, Map.of()));
        assertTrue(e.getMessage().contains("scorer.features.missing"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void shouldFailWhenFileIsMissing() {
        final Path f = dir.resolve("absent.properties");
        final ConfigurationException e = assertThrows(ConfigurationException.class, () -> ScorerConfig.load(f, Map.of()));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownScorerKey() {
        final ConfigurationException e = rejected("scorer.explain.topp", "3");
        assertTrue(e.getMessage().contains("unknown key scorer.explain.topp"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownScorerKeyFromEnvironment() {
        final ConfigurationException e = assertThrows(ConfigurationException.class, () -> ScorerConfig.load(null, Map.of(
                "SPAM_SCORER_BOOTSTRAP_SERVERS", "b:9092",
                "SPAM_SCORER_SCORER_MODEL", "x.json")));
        assertTrue(e.getMessage().contains("scorer.model"), e.getMessage());
        assertTrue(e.getMessage().contains("SPAM_SCORER_SCORER_MODEL"), e.getMessage());
    }

    @Test
    void shouldRequireBootstrapServers() {
        final ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ScorerConfig.of(Map.of("scorer.explain.top", "3")));
        assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    }

    @Test
    void shouldRejectBlankBootstrapServers() {
        final ConfigurationException e = rejected("bootstrap.servers", "  ");
        assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scorer.explain.top|-1|between 0 and",
        "scorer.explain.top|abc|must be an integer",
        "scorer.explain.top|1.5|must be an integer",
        "scorer.explain.top|''|must not be blank",
        "scorer.features.missing|maybe|reject, zero",
        "scorer.input.topic|bad topic|topic name",
        "scorer.output.topic|emails.features|different topics",
        "scorer.dlq.topic|emails.scored|different topics",
        "scorer.model.path|' '|must not be blank",
        "processing.guarantee|exactly_twice|processing.guarantee",
        "processing.guarantee|maybe|processing.guarantee"})
    void shouldRejectInvalidValueNamingTheKey(final String key, final String value, final String problem) {
        final ConfigurationException e = rejected(key, value);
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scorer.shutdown.timeout|9999999999999h",
        "scorer.shutdown.timeout|2562047788016h",
        "scorer.shutdown.timeout|9223372036854775808",
        "scorer.thread.replacements.window|9999999999999h",
        "scorer.thread.replacements.window|153722867280913m"})
    void shouldRejectDurationsLongerThanKafkaStreamsAcceptsNamingTheKeyAndTheBound(final String key, final String value) {
        // Accepted, 9999999999999h made KafkaStreams.close throw in the shutdown hook: Streams was never closed.
        final ConfigurationException e = rejected(key, value);
        assertTrue(e.getMessage().startsWith(key + " = '" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 9223372036854775807ms"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"scorer.shutdown.timeout|2562047788015h", "scorer.shutdown.timeout|9223372036854775807",
        "scorer.thread.replacements.window|153722867280912m"})
    void shouldAcceptDurationsUpToTheLongestKafkaStreamsAccepts(final String key, final String value) {
        final ScorerConfig c = of(key, value);
        // What KafkaStreams.close(Duration) checks (ApiUtils.validateMillisecondDuration): whole ms in a long.
        assertTrue(c.shutdownTimeout().toMillis() >= 0 && c.replacementsWindow().toMillis() >= 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0", "-2", "32768"})
    void shouldRejectATopicReplicationFactorOtherThanMinusOneOrOneToShortMax(final String factor) {
        final ConfigurationException e = rejected("scorer.topics.replication.factor", factor);
        assertTrue(e.getMessage().contains("scorer.topics.replication.factor = '" + factor + "'"), e.getMessage());
    }

    @Test
    void shouldAcceptTopicReplicationFactorMinusOneOrPositive() {
        assertEquals(-1, of("scorer.topics.replication.factor", "-1").topicReplicationFactor());
        assertEquals(3, of("scorer.topics.replication.factor", "3").topicReplicationFactor());
    }

    @Test
    void shouldNameTheBrokerDefaultWhenReplicationFactorIsZero() {
        final ConfigurationException e = rejected("scorer.topics.replication.factor", "0");
        assertTrue(e.getMessage().contains("-1 (the broker's default) or between 1 and 32767"), e.getMessage());
    }

    @Test
    void shouldAcceptExplainTopZeroAndLargeValues() {
        assertEquals(0, of("scorer.explain.top", "0").explainTop());
        assertEquals(100, of("scorer.explain.top", "100").explainTop());
    }

    @Test
    void shouldAcceptMissingPolicyCaseInsensitively() {
        assertEquals(MissingFeaturePolicy.ZERO, of("scorer.features.missing", "Zero").missingFeatures());
        assertEquals(MissingFeaturePolicy.REJECT, of("scorer.features.missing", "reject").missingFeatures());
    }

    @Test
    void shouldRejectConflictingDeadLetterTopicSettings() {
        final ConfigurationException e = rejected("scorer.dlq.topic", "a.dlq",
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "b.dlq");
        assertTrue(e.getMessage().contains("scorer.dlq.topic"), e.getMessage());
    }

    @Test
    void shouldPassOtherKafkaKeysThrough() {
        final ScorerConfig c = of("num.stream.threads", "4", "security.protocol", "SASL_SSL");
        assertEquals("4", c.streamsProperties().get("num.stream.threads"));
        assertEquals("SASL_SSL", c.clientProperties().get("security.protocol"));
        assertFalse(c.streamsProperties().containsKey("scorer.explain.top"));
    }

    @Test
    void shouldReturnFreshPropertiesEachTime() {
        final ScorerConfig c = of();
        c.streamsProperties().put("bootstrap.servers", "changed");
        assertEquals("broker:9092", c.streamsProperties().get("bootstrap.servers"));
    }

    @Test
    void shouldMaskSecretsInDescribe() {
        final ScorerConfig c = of(
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2\";",
                "ssl.truststore.password", "truststore-secret-1",
                "ssl.keystore.password", "keystore-secret-2",
                "ssl.key.password", "key-secret-3",
                "sasl.oauthbearer.client.credentials.client.secret", "oauth-secret-4",
                "security.protocol", "SASL_SSL");
        final String d = c.describe();
        for (final String secret : List.of("hunter2", "truststore-secret-1", "keystore-secret-2", "key-secret-3", "oauth-secret-4")) {
            assertFalse(d.contains(secret), "describe() leaks " + secret + ":\n" + d);
        }
        assertTrue(d.contains("sasl.jaas.config = [hidden]"), d);
        assertTrue(d.contains("ssl.truststore.password = [hidden]"), d);
        assertTrue(d.contains("security.protocol = SASL_SSL"), d);
        assertTrue(d.contains("bootstrap.servers = broker:9092"), d);
        assertTrue(d.contains("scorer.explain.top = 3"), d);
        assertTrue(d.contains("processing.guarantee = exactly_once_v2"), d);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ssl.keystore.key|-----BEGIN PRIVATE KEY-----MIIEvQIBADANBg-----END PRIVATE KEY-----",
        "sasl.oauthbearer.assertion.private.key.passphrase|correct-horse-battery-staple"})
    void shouldMaskPasswordTypeKafkaSettingsInDescribe(final String key, final String secret) {
        // Both are PASSWORD-type Kafka client settings: the PEM private key and the passphrase of the JWT signing key.
        final String d = of(key, secret).describe();
        assertTrue(d.contains(key + " = "), d);
        assertFalse(d.contains(secret), "describe() leaks " + key + ":\n" + d);
    }

    @Test
    void shouldMaskSecretsSetFromEnvironment() {
        final ScorerConfig c = ScorerConfig.load(null, Map.of(
                "SPAM_SCORER_BOOTSTRAP_SERVERS", "b:9092",
                "SPAM_SCORER_SSL_TRUSTSTORE_PASSWORD", "env-secret"));
        assertFalse(c.describe().contains("env-secret"), c.describe());
    }

    @Test
    void shouldApplyOverrideWithWith() {
        final ScorerConfig c = of().with("scorer.explain.top", "9", "--explain-top");
        assertEquals(9, c.explainTop());
        final ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> of().with("scorer.explain.top", "-3", "--explain-top"));
        assertTrue(e.getMessage().contains("--explain-top"), e.getMessage());
    }
}
