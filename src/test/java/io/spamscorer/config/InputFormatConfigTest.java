package io.spamscorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.mail.EmailLimits;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** scorer.input.format, scorer.email.max.bytes and scorer.features.topic. */
class InputFormatConfigTest {

    private static ScorerConfig of(final String... keyValues) {
        final Map<String, String> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return ScorerConfig.of(m);
    }

    private static String rejected(final String... keyValues) {
        final String message = assertThrows(ConfigurationException.class, () -> of(keyValues)).getMessage();
        assertTrue(!message.contains("\n"), message);
        return message;
    }

    @Test
    void shouldKeepTodaysContractByDefault() {
        final ScorerConfig c = of();
        assertEquals(InputFormat.FEATURES, c.inputFormat());
        assertEquals(Path.of("config/model.json"), c.modelPath());
        assertEquals(EmailLimits.DEFAULT_MAX_BYTES, c.emailLimits().maxBytes());
        assertEquals(Optional.empty(), c.featuresTopic());
        assertEquals(4, c.allTopics().size());
        final Properties p = c.streamsProperties();
        assertTrue(!p.containsKey(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)), p.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "EMAIL", "Email"})
    void shouldReadTheEmailFormatInAnyCase(final String value) {
        assertEquals(InputFormat.EMAIL, of(ScorerConfig.INPUT_FORMAT, value).inputFormat());
    }

    @Test
    void shouldDefaultTheModelFileToTheEmailModelForEmailInput() {
        final ScorerConfig c = of(ScorerConfig.INPUT_FORMAT, "email");
        assertEquals(Path.of(ScorerConfig.EMAIL_MODEL_PATH), c.modelPath());
        assertTrue(c.describe().contains("scorer.model.path = config/email-model.json"), c.describe());
        assertEquals(Path.of("m.json"), of(ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.MODEL_PATH, "m.json").modelPath());
    }

    @Test
    void shouldNameTheDefaultModelPathOriginForEmailInput() {
        final ScorerConfig c = of(ScorerConfig.INPUT_FORMAT, "email");
        assertEquals("scorer.model.path = 'config/email-model.json' (from default for scorer.input.format=email) is"
                + " invalid: x", c.invalid(ScorerConfig.MODEL_PATH, "x").getMessage());
    }

    @Test
    void shouldTakeTheFormatFromTheEnvironment() {
        final ScorerConfig c = ScorerConfig.load(null, Map.of("SPAM_SCORER_BOOTSTRAP_SERVERS", "b:9092",
                "SPAM_SCORER_SCORER_INPUT_FORMAT", "email", "SPAM_SCORER_SCORER_EMAIL_MAX_BYTES", "2048"));
        assertEquals(InputFormat.EMAIL, c.inputFormat());
        assertEquals(2048, c.emailLimits().maxBytes());
    }

    @Test
    void shouldLetTheProducerDeadLetterTheLargestMessage() {
        final Properties p = of(ScorerConfig.INPUT_FORMAT, "email").streamsProperties();
        final long max = Long.parseLong(p.getProperty(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)));
        assertTrue(max > ScorerConfig.MAX_EMAIL_BYTES, "max.request.size " + max);
        assertTrue(Long.parseLong(p.getProperty(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG))) >= max);
        final Properties own = of(ScorerConfig.INPUT_FORMAT, "email", "producer.max.request.size", "5000000").streamsProperties();
        assertEquals("5000000", own.getProperty("producer.max.request.size"), "an explicit setting wins");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scorer.input.format     | json     | scorer.input.format = 'json' (from given) is invalid: it must be one of features, email",
        "scorer.email.max.bytes  | 1023     | scorer.email.max.bytes = '1023' (from given) is invalid: it must be between 1024 and 67108864",
        "scorer.email.max.bytes  | 67108865 | scorer.email.max.bytes = '67108865' (from given) is invalid: it must be between 1024 and 67108864",
        "scorer.email.max.bytes  | 10MiB    | scorer.email.max.bytes = '10MiB' (from given) is invalid: it must be an integer",
    })
    void shouldRejectABadValueNamingTheKey(final String key, final String value, final String message) {
        assertEquals(message, rejected(key, value, ScorerConfig.INPUT_FORMAT.equals(key) ? "scorer.explain.top" : ScorerConfig.INPUT_FORMAT,
                ScorerConfig.INPUT_FORMAT.equals(key) ? "3" : "email"));
    }

    @Test
    void shouldCheckTheFeaturesTopic() {
        final ScorerConfig c = of(ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.FEATURES_TOPIC, "emails.extracted");
        assertEquals(Optional.of("emails.extracted"), c.featuresTopic());
        assertEquals(List.of("emails.features", "emails.scored", "emails.features.dlq", "spam-scorer.models",
                "emails.extracted"), c.allTopics());
        assertEquals("scorer.features.topic = 'x' (from given) is invalid: it is only used with scorer.input.format=email;"
                + " leave it empty for scorer.input.format=features", rejected(ScorerConfig.FEATURES_TOPIC, "x"));
        assertTrue(rejected(ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.FEATURES_TOPIC, "a b")
                .startsWith("scorer.features.topic = 'a b' (from given) is invalid: a topic name"));
        assertTrue(rejected(ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.FEATURES_TOPIC, "emails.scored")
                .contains("and scorer.features.topic must be different topics"));
    }
}
