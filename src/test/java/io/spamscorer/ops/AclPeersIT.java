package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.cli.Main;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.stream.ScoringListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The principals around the scorer under {@code StandardAuthorizer}: {@code publish-model} needs WRITE on the model
 * topic and nothing else, and a principal without ACLs can neither read the scores nor publish a model.
 */
class AclPeersIT {

    private static final String SCORED = "emails.scored";
    private static final String MODELS = "spam-scorer.models";

    private static AclCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        cluster = AclCluster.shared();
        cluster.createTopics(List.of("emails.features", SCORED, "emails.features.dlq", MODELS));
    }

    @Test
    void shouldPublishAModelWithWriteOnTheModelTopicAlone() throws Exception {
        cluster.addUser("publisher", "publisher-pw");
        cluster.grant(List.of(AclCluster.allow("publisher", ResourceType.TOPIC, MODELS, PatternType.LITERAL, AclOperation.WRITE)));
        final Path model = tmp.resolve("tiny-8.json");
        Files.writeString(model, Files.readString(AclCluster.modelFile()).replace("\"version\": \"7\"", "\"version\": \"8\""));

        final StringWriter err = new StringWriter();
        assertEquals(0, publishModel("publisher", "publisher-pw", model, err), err::toString);
        final List<ConsumerRecord<String, String>> published = cluster.committed(List.of(MODELS));
        assertTrue(published.stream().anyMatch(r -> "tiny".equals(r.key()) && r.value().contains("\"version\": \"8\"")),
                "the model is on the topic: " + published.size() + " record(s)");
    }

    @Test
    void shouldRefuseToPublishForAPrincipalWithoutAcls() throws Exception {
        cluster.addUser("outsider-publish", "outsider-pw");
        final StringWriter err = new StringWriter();
        assertEquals(2, publishModel("outsider-publish", "outsider-pw", AclCluster.modelFile(), err), err::toString);
        assertTrue(err.toString().contains("not allowed to describe topic " + MODELS), err.toString());
        assertTrue(err.toString().contains("needs WRITE on it"), err.toString());
    }

    @Test
    void shouldRefuseAPrincipalWithoutAclsToReadScoresOrWriteModels() throws Exception {
        cluster.addUser("outsider", "outsider-pw");
        final Map<String, Object> outsider = cluster.asUser("outsider", "outsider-pw");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(outsider, new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition scored = new TopicPartition(SCORED, 0);
            consumer.assign(List.of(scored));
            consumer.seekToBeginning(List.of(scored));
            final TopicAuthorizationException denied = assertThrows(TopicAuthorizationException.class,
                    () -> consumer.poll(Duration.ofSeconds(10)));
            assertEquals(Set.of(SCORED), denied.unauthorizedTopics());
        }
        final Map<String, Object> producerProps = new HashMap<>(outsider);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            final ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(MODELS, "tiny", "{}")).get(30, TimeUnit.SECONDS));
            final TopicAuthorizationException denied = assertInstanceOf(TopicAuthorizationException.class, failed.getCause());
            assertEquals(Set.of(MODELS), denied.unauthorizedTopics());
        }
    }

    /** A scorer started without any ACL is told which grants it lacks, not that its topics are missing. */
    @Test
    void shouldNameTheGrantsAScorerWithoutAclsLacks() throws Exception {
        cluster.addUser("outsider-scorer", "outsider-pw");
        final ScorerConfig config = cluster.scorerConfig("outsider-scorer", "outsider-pw", tmp.resolve("state"), Map.of());
        final ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE).close());
        final String message = refused.getMessage();
        assertTrue(message.startsWith("not authorized to describe topic(s) emails.features, emails.scored, emails.features.dlq, "
                + MODELS), message);
        assertTrue(message.contains("needs READ on topic emails.features (scorer.input.topic), WRITE on topic emails.scored"
                + " (scorer.output.topic), WRITE on topic emails.features.dlq (scorer.dlq.topic), READ on topic " + MODELS), message);
    }

    /** {@code --create-topics} under an authorizer: CREATE on the topics, on top of the grants the job needs anyway. */
    @Test
    void shouldCreateTheTopicsWithCreateOnThemOnly() throws Exception {
        cluster.addUser("creator", "creator-pw");
        final ScorerConfig config = cluster.scorerConfig("creator", "creator-pw", tmp.resolve("state"), Map.of(
                "application.id", "creator.app", ScorerConfig.INPUT_TOPIC, "creator.in", ScorerConfig.OUTPUT_TOPIC, "creator.out",
                ScorerConfig.DLQ_TOPIC, "creator.dlq", ScorerConfig.MODEL_TOPIC, "creator.models", ScorerConfig.TOPICS_CREATE, "true"));
        cluster.grant(AclIT.Grant.needed("creator", config));

        final ConfigurationException refused = assertThrows(ConfigurationException.class, () -> TopicGuard.ensureAll(config));
        assertTrue(refused.getMessage().startsWith("not authorized to create topic(s) creator.in, creator.out, creator.dlq,"
                + " creator.models on "), refused.getMessage());
        assertTrue(refused.getMessage().contains("needs CREATE on them"), refused.getMessage());

        cluster.grant(config.allTopics().stream()
                .map(t -> AclCluster.allow("creator", ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.CREATE)).toList());
        TopicGuard.ensureAll(config);
        assertEquals(List.of(), cluster.committed(config.allTopics()), "created, and empty");
    }

    /** The packaged job as an operator runs it: a refused grant ends it with exit 1 and one line naming the grant. */
    @Test
    void shouldExitOneWithALineNamingTheMissingGrantWhenRunAsAProcess() throws Exception {
        cluster.addUser("runner", "runner-pw");
        final Map<String, String> names = Map.of("application.id", "runner.app", ScorerConfig.INPUT_TOPIC, "runner.in",
                ScorerConfig.OUTPUT_TOPIC, "runner.out", ScorerConfig.DLQ_TOPIC, "runner.dlq", ScorerConfig.MODEL_TOPIC, "runner.models");
        final ScorerConfig config = cluster.scorerConfig("runner", "runner-pw", tmp.resolve("state"), names);
        cluster.prepare(config);
        cluster.grant(AclIT.Grant.readmeBefore("runner", config, AclIT.Grant.GROUP_READ));
        final Properties props = new Properties();
        cluster.asUser("runner", "runner-pw").forEach((k, v) -> props.setProperty(k, v.toString()));
        props.putAll(names);
        props.setProperty("state.dir", tmp.resolve("state").toString());
        props.setProperty(ScorerConfig.MODEL_PATH, AclCluster.modelFile().toString());
        props.setProperty(ScorerConfig.HTTP_PORT, "0");
        final Path file = tmp.resolve("runner.properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, null);
        }
        final Path log = tmp.resolve("runner.log");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", "target/spam-scorer.jar", "run", "--config",
                file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(process.waitFor(AclCluster.TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> "still running:\n" + read(log));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(1, process.exitValue(), () -> read(log));
        assertTrue(read(log).lines().anyMatch(line -> line.endsWith("spam-scorer is stopping: stream thread died: not authorized:"
                + " the scorer's principal needs READ on group runner.app (the application.id) (GroupAuthorizationException:"
                + " Not authorized to access group: runner.app)")), () -> read(log));
        assertFalse(read(log).contains("replacing it"), "no thread replacement spent on a refused grant");
    }

    private static String read(final Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Runs {@code publish-model} as production does, logging in as {@code user}; returns its exit code. */
    private int publishModel(final String user, final String password, final Path model, final Writer err) throws Exception {
        final Properties props = new Properties();
        cluster.asUser(user, password).forEach((k, v) -> props.setProperty(k, v.toString()));
        props.setProperty(ScorerConfig.MODEL_PATH, AclCluster.modelFile().toString());
        final Path config = tmp.resolve(user + ".properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, null);
        }
        final picocli.CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute("publish-model", "--model", model.toString(), "--config", config.toString());
    }
}
