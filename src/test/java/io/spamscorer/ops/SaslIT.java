package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.stream.ScoringListener;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer reaches a SASL_PLAINTEXT/PLAIN listener by configuration alone, fails fast with a clear error on wrong
 * credentials, and can take its JAAS secret from a file or the environment through Kafka's config providers.
 */
class SaslIT {

    private static final String USER = "scorer";
    private static final String PASSWORD = "s3cret";
    /** Upper bound for "fails fast": TopicGuard's own timeout is 30 s; an auth failure should come back at once. */
    private static final Duration AUTH_FAILURE_BOUND = Duration.ofSeconds(45);
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().saslPlainUser(USER, PASSWORD).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static String plainJaas(final String user, final String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private Map<String, String> scorerSettings(final String prefix) throws URISyntaxException {
        final Map<String, String> v = new HashMap<>();
        v.put("bootstrap.servers", kafka.saslBootstrapServers());
        v.put("security.protocol", "SASL_PLAINTEXT");
        v.put("sasl.mechanism", "PLAIN");
        v.put("application.id", "spam-scorer-" + prefix);
        v.put("state.dir", tmp.resolve("state").toString());
        v.put(ScorerConfig.INPUT_TOPIC, prefix + ".in");
        v.put(ScorerConfig.OUTPUT_TOPIC, prefix + ".out");
        v.put(ScorerConfig.DLQ_TOPIC, prefix + ".dlq");
        v.put(ScorerConfig.MODEL_TOPIC, prefix + ".models");
        // Created by TopicGuard through the SASL listener, so topic creation is authenticated too.
        v.put(ScorerConfig.TOPICS_CREATE, "true");
        v.put(ScorerConfig.TOPICS_PARTITIONS, "1");
        v.put(ScorerConfig.MODEL_PATH, Path.of(SaslIT.class.getResource("/tiny-model.json").toURI()).toString());
        v.put(ScorerConfig.SHUTDOWN_TIMEOUT, "20s");
        return v;
    }

    @Test
    void shouldScoreThroughSaslListenerWithTheRightCredentials() throws Exception {
        final Map<String, String> v = scorerSettings("sasl-ok");
        v.put("sasl.jaas.config", plainJaas(USER, PASSWORD));
        final ScorerConfig config = ScorerConfig.of(v);

        assertFalse(config.describe().contains(PASSWORD), "the secret is never logged");
        final JsonNode scored = scoreOneRecord(config, kafka.saslClientProperties(USER, PASSWORD), "sasl-1");
        assertEquals("sasl-1", scored.get("id").asText());
        assertEquals("tiny", scored.get("model").get("name").asText());
        assertTrue(List.of("spam", "ham").contains(scored.get("label").asText()), scored.toString());
    }

    @Test
    void shouldFailFastWithAnAuthenticationErrorOnWrongCredentials() throws Exception {
        final Map<String, String> v = scorerSettings("sasl-bad");
        v.put("sasl.jaas.config", plainJaas(USER, "wrong-password"));
        final ScorerConfig config = ScorerConfig.of(v);

        final RuntimeException failure = topicGuardFailure(config);
        assertInstanceOf(ConfigurationException.class, failure, failure.toString());
        assertInstanceOf(SaslAuthenticationException.class, failure.getCause(), String.valueOf(failure.getCause()));
        assertTrue(failure.getMessage().contains("Authentication failed"), failure.getMessage());
        assertTrue(failure.getMessage().contains(kafka.saslBootstrapServers()), "names the cluster: " + failure.getMessage());
        assertFalse(failure.getMessage().contains("wrong-password"), "never echoes the secret: " + failure.getMessage());
    }

    @Test
    void shouldFailFastWithAnAuthenticationErrorForAnUnknownUser() throws Exception {
        final Map<String, String> v = scorerSettings("sasl-nouser");
        v.put("sasl.jaas.config", plainJaas("nobody", PASSWORD));

        final RuntimeException failure = topicGuardFailure(ScorerConfig.of(v));
        assertInstanceOf(ConfigurationException.class, failure, failure.toString());
        assertTrue(failure.getMessage().contains("Authentication failed"), failure.getMessage());
    }

    @Test
    void shouldReadJaasConfigFromAFileThroughFileConfigProvider() throws Exception {
        final Path secrets = tmp.resolve("secrets").resolve("kafka.properties");
        Files.createDirectories(secrets.getParent());
        // A properties file: the value is the whole JAAS line, quotes included.
        Files.writeString(secrets, "jaas=" + plainJaas(USER, PASSWORD).replace("\\", "\\\\") + "\n", StandardCharsets.UTF_8);
        restrictToOwner(secrets);

        final Map<String, String> v = scorerSettings("sasl-file");
        v.put("config.providers", "file");
        v.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        // Optional hardening: the provider refuses to read outside these directories.
        v.put("config.providers.file.param.allowed.paths", secrets.getParent().toString());
        v.put("sasl.jaas.config", "${file:" + secrets + ":jaas}");
        final ScorerConfig config = ScorerConfig.of(v);

        assertFalse(config.describe().contains(PASSWORD), "the resolved secret is never logged");
        final JsonNode scored = scoreOneRecord(config, kafka.saslClientProperties(USER, PASSWORD), "file-1");
        assertEquals("file-1", scored.get("id").asText());
    }

    @Test
    void shouldRefuseFilesOutsideAllowedPaths() throws Exception {
        final Path secrets = tmp.resolve("elsewhere.properties");
        Files.writeString(secrets, "jaas=" + plainJaas(USER, PASSWORD) + "\n", StandardCharsets.UTF_8);
        final Path allowed = Files.createDirectories(tmp.resolve("only-here"));

        final Map<String, String> v = scorerSettings("sasl-file-denied");
        v.put("config.providers", "file");
        v.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        v.put("config.providers.file.param.allowed.paths", allowed.toString());
        v.put("sasl.jaas.config", "${file:" + secrets + ":jaas}");

        // The variable stays unresolved, so the client has no usable JAAS config: a clear error, not a hang.
        final RuntimeException failure = bounded(() -> {
            TopicGuard.ensure(ScorerConfig.of(v), List.of(v.get(ScorerConfig.INPUT_TOPIC)), Map.of());
            return null;
        });
        assertNotNull(failure, "reading a secret outside allowed.paths must fail");
        final String chain = causes(failure);
        assertTrue(chain.toLowerCase(java.util.Locale.ROOT).contains("jaas"), chain);
        assertFalse(chain.contains(PASSWORD), "never echoes the secret: " + chain);
    }

    /**
     * EnvVarConfigProvider reads the process environment, which a JVM cannot change for itself; a child JVM with
     * the variable set runs TopicGuard against the SASL listener.
     */
    @Test
    void shouldReadJaasConfigFromTheEnvironmentThroughEnvVarConfigProvider() throws Exception {
        kafka.createTopics(Map.of("sasl-env.in", 1));
        assertEquals(0, runEnvProbe(plainJaas(USER, PASSWORD)), "authenticates with the JAAS config from the environment");
        assertEquals(EnvProbe.AUTH_FAILED, runEnvProbe(plainJaas(USER, "nope")), "and the value really is used");
    }

    private int runEnvProbe(final String jaas) throws IOException, InterruptedException {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EnvProbe.class.getName(), kafka.saslBootstrapServers(), "sasl-env.in")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("env-probe.log").toFile());
        pb.environment().put(EnvProbe.VARIABLE, jaas);
        final Process p = pb.start();
        if (!p.waitFor(AUTH_FAILURE_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("env probe did not finish within " + AUTH_FAILURE_BOUND + "; log:\n" + Files.readString(tmp.resolve("env-probe.log")));
        }
        return p.exitValue();
    }

    /** Child-JVM entry point: exit 0 when TopicGuard passes, {@value #AUTH_FAILED} on an authentication error. */
    public static final class EnvProbe {

        static final String VARIABLE = "SPAM_SCORER_IT_KAFKA_JAAS";
        static final int AUTH_FAILED = 3;

        private EnvProbe() {
        }

        public static void main(final String[] args) {
            final Map<String, String> v = new HashMap<>();
            v.put("bootstrap.servers", args[0]);
            v.put("security.protocol", "SASL_PLAINTEXT");
            v.put("sasl.mechanism", "PLAIN");
            v.put("config.providers", "env");
            v.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
            v.put("config.providers.env.param.allowlist.pattern", "^SPAM_SCORER_IT_.*");
            v.put("sasl.jaas.config", "${env:" + VARIABLE + "}");
            try {
                TopicGuard.ensure(ScorerConfig.of(v), List.of(args[1]), Map.of());
                System.exit(0);
            } catch (final ConfigurationException e) {
                System.err.println(e.getMessage());
                System.exit(e.getCause() instanceof SaslAuthenticationException ? AUTH_FAILED : 2);
            }
        }
    }

    private static String causes(final Throwable t) {
        final StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    private static void restrictToOwner(final Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (final UnsupportedOperationException e) {
            // not a POSIX file system; the test does not depend on it
        }
    }

    /** Runs TopicGuard in another thread and waits a bounded time, so a hang fails the test instead of blocking it. */
    static RuntimeException topicGuardFailure(final ScorerConfig config) throws InterruptedException {
        final RuntimeException failure = bounded(() -> {
            TopicGuard.ensure(config, config.topics(), Map.of());
            return null;
        });
        assertNotNull(failure, "TopicGuard must reject wrong credentials");
        return failure;
    }

    private static RuntimeException bounded(final java.util.concurrent.Callable<Void> action) throws InterruptedException {
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            final Future<Void> f = executor.submit(action);
            f.get(AUTH_FAILURE_BOUND.toSeconds(), TimeUnit.SECONDS);
            return null;
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                return re;
            }
            throw new AssertionError("unexpected failure", e.getCause());
        } catch (final TimeoutException e) {
            throw new AssertionError("hung: no answer within " + AUTH_FAILURE_BOUND, e);
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * Starts the scorer as {@code run} does (ScorerService: TopicGuard creates the topics, the model topic watcher
     * catches up, then ScorerRuntime starts), all over SASL; writes one record with a SASL producer and reads its
     * score with a consumer configured by {@code clientProps}.
     */
    static JsonNode scoreOneRecord(final ScorerConfig config, final Map<String, Object> clientProps, final String id)
            throws Exception {
        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
            final ScorerRuntime runtime = service.runtime();
            awaitRunning(runtime);
            final Map<String, Object> sasl = clientProps;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(sasl, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(config.inputTopic(), id,
                        "{\"id\":\"" + id + "\",\"features\":[1.0,0.5,2.0]}")).get(30, TimeUnit.SECONDS);
            }
            final Map<String, Object> consumerProps = new HashMap<>(sasl);
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + id);
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(config.outputTopic()));
                final List<String> values = new ArrayList<>();
                final long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        values.add(r.value());
                    }
                    assertFalse(runtime.failed(), () -> "scorer failed: " + runtime.failureReason());
                }
                assertEquals(1, values.size(), "one scored record within " + RESULT_TIMEOUT + ": " + values);
                return Json.mapper().readTree(values.get(0));
            }
        }
    }

    private static void awaitRunning(final ScorerRuntime runtime) throws InterruptedException {
        final long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (runtime.state() != KafkaStreams.State.RUNNING) {
            assertFalse(runtime.failed(), () -> "scorer failed to start: " + runtime.failureReason());
            if (System.nanoTime() > deadline) {
                fail("scorer not RUNNING within " + RESULT_TIMEOUT + "; state " + runtime.state());
            }
            Thread.sleep(100);
        }
    }
}
