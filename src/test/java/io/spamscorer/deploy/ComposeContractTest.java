package io.spamscorer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.spamscorer.config.ConfigSources;
import io.spamscorer.config.ScorerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml must only pass settings the scorer understands, and create the topics the scorer uses. */
class ComposeContractTest {

    private static JsonNode compose;

    @BeforeAll
    static void read() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile());
    }

    private static Map<String, String> scorerEnvironment() {
        final Map<String, String> env = new HashMap<>();
        compose.at("/services/scorer/environment").properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static Set<String> knownKafkaKeys() {
        final Set<String> keys = new HashSet<>(StreamsConfig.configDef().names());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    @Test
    void shouldPassOnlyEnvironmentVariablesTheScorerUnderstands() {
        final Map<String, String> env = scorerEnvironment();
        assertFalse(env.isEmpty(), "the scorer service sets no environment");
        final Set<String> known = knownKafkaKeys();
        final List<String> unknown = new ArrayList<>();
        for (final String name : env.keySet()) {
            assertTrue(name.startsWith(ConfigSources.ENV_PREFIX), name + " does not start with " + ConfigSources.ENV_PREFIX);
            final String key = ConfigSources.keyForEnv(name);
            final boolean ok = key.startsWith("scorer.") ? ScorerConfig.DEFAULTS.containsKey(key) : known.contains(key);
            if (!ok) {
                unknown.add(name + " -> " + key);
            }
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void shouldBuildAValidScorerConfigFromTheComposeEnvironment() {
        final ScorerConfig config = ScorerConfig.load(null, scorerEnvironment());
        assertEquals("kafka:29092", config.streamsProperties().getProperty("bootstrap.servers"));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, config.streamsProperties().getProperty("processing.guarantee"));
    }

    @Test
    void shouldCreateExactlyTheTopicsTheScorerUses() {
        final ScorerConfig config = ScorerConfig.load(null, scorerEnvironment());
        final String command = compose.at("/services/create-topics/command/0").asText();
        final Matcher loop = Pattern.compile("for t in ([^;]+);").matcher(command);
        assertTrue(loop.find(), "create-topics no longer loops over topic names: " + command);
        final Set<String> created = new TreeSet<>(List.of(loop.group(1).trim().split("\\s+")));
        final Matcher model = Pattern.compile("--topic (\\S+) --partitions 1 .*cleanup.policy=compact").matcher(command);
        assertTrue(model.find(), "create-topics does not create a compacted one-partition model topic: " + command);
        created.add(model.group(1));
        assertEquals(new TreeSet<>(config.allTopics()), created);
    }

    @Test
    void shouldFeedTheDemoProducerIntoTheScorerInputTopic() {
        final ScorerConfig config = ScorerConfig.load(null, scorerEnvironment());
        final String command = compose.at("/services/demo-producer/command/0").asText();
        assertTrue(command.contains("--topic " + config.inputTopic()), command);
    }
}
