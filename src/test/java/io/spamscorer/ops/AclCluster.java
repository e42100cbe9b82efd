package io.spamscorer.ops;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.EmbeddedKafka;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One broker with {@code StandardAuthorizer} and SCRAM-SHA-512 users for the ACL tests, shared by the test classes of
 * a failsafe JVM (started on first use, closed by a shutdown hook), and what they do as the super user
 * {@code User:admin}: add users, create topics, grant and revoke ACLs, write input and read results. Each test uses
 * its own principal, so ACLs granted for one never serve another.
 */
final class AclCluster implements AutoCloseable {

    private static AclCluster shared;

    static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-secret";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedKafka kafka;
    private final Admin admin;

    /** The shared broker, started on first call. */
    static synchronized AclCluster shared() {
        if (shared == null) {
            final AclCluster started = new AclCluster();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "acl-kafka-shutdown"));
            shared = started;
        }
        return shared;
    }

    private AclCluster() {
        // A job stopped by a refused grant does not leave its group; a short session lets the restarted one in sooner.
        kafka = EmbeddedKafka.builder().authorizer("User:" + ADMIN).scramUser(ADMIN, ADMIN_PASSWORD)
                .brokerProperty("group.min.session.timeout.ms", "1000").start();
        admin = Admin.create(asUser(ADMIN, ADMIN_PASSWORD));
    }

    /** Client properties logging in as {@code user} over SCRAM. */
    Map<String, Object> asUser(final String user, final String password) {
        return kafka.scramClientProperties(user, password);
    }

    Map<String, Object> asAdmin() {
        return asUser(ADMIN, ADMIN_PASSWORD);
    }

    /** Adds (or renews) a SCRAM user. */
    void addUser(final String user, final String password) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
        // The broker serves a new credential once it has applied the metadata record.
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (admin.describeUserScramCredentials(List.of(user)).all().get(30, TimeUnit.SECONDS).isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    void createTopics(final Collection<String> topics) {
        final Map<String, Integer> partitions = new HashMap<>();
        topics.forEach(t -> partitions.put(t, 1));
        kafka.createTopics(partitions);
    }

    static AclBinding allow(final String user, final ResourceType type, final String name, final PatternType pattern,
                            final AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    /** Grants these ACLs and waits until the broker's authorizer has them. */
    void grant(final Collection<AclBinding> acls) throws Exception {
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        awaitAcls(acls, true);
    }

    void revoke(final Collection<AclBinding> acls) throws Exception {
        admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all().get(30, TimeUnit.SECONDS);
        awaitAcls(acls, false);
    }

    private void awaitAcls(final Collection<AclBinding> acls, final boolean present) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            final Collection<AclBinding> all = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
            if (acls.stream().allMatch(a -> all.contains(a) == present)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("ACLs not " + (present ? "granted" : "revoked") + " within " + TIMEOUT + ": " + acls);
    }

    /** Writes these values, keyed by record id, to {@code topic} as the admin. */
    void produce(final String topic, final Map<String, String> valuesById) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(asAdmin(), new StringSerializer(), new StringSerializer())) {
            for (final Map.Entry<String, String> e : valuesById.entrySet()) {
                producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The keys of the committed records in {@code topics}, read as the admin without a group. */
    List<String> committedKeys(final List<String> topics) {
        return committed(topics).stream().map(ConsumerRecord::key).toList();
    }

    /** The committed records in {@code topics}, read as the admin without a group. */
    List<ConsumerRecord<String, String>> committed(final List<String> topics) {
        final Map<String, Object> props = new HashMap<>(asAdmin());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> partitions.add(new TopicPartition(t, 0)));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final List<ConsumerRecord<String, String>> records = new ArrayList<>();
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(r);
                }
            }
            return records;
        }
    }

    /**
     * Creates the scorer's topics, publishes the model file to the model topic (so the scorer must read it) and
     * writes five good records and a bad one to the input.
     *
     * @return the input by record id
     */
    Map<String, String> prepare(final ScorerConfig config) throws Exception {
        createTopics(config.allTopics());
        produce(config.modelTopic(), Map.of("tiny", Files.readString(modelFile())));
        final Map<String, String> input = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            input.put("r" + i, "{\"id\":\"r" + i + "\",\"features\":[1.0,0.5,2.0]}");
        }
        input.put("bad", "not json");
        produce(config.inputTopic(), input);
        return input;
    }

    /** A scorer configuration logging in as {@code user}; {@code overrides} win. */
    ScorerConfig scorerConfig(final String user, final String password, final Path stateDir,
                              final Map<String, String> overrides) throws URISyntaxException {
        final Map<String, String> v = new HashMap<>();
        asUser(user, password).forEach((k, value) -> v.put(k, value.toString()));
        v.put("state.dir", stateDir.toString());
        v.put(ScorerConfig.MODEL_PATH, modelFile().toString());
        v.put(ScorerConfig.SHUTDOWN_TIMEOUT, "20s");
        v.put("commit.interval.ms", "100");
        v.put("session.timeout.ms", "2000");
        v.put("heartbeat.interval.ms", "500");
        v.putAll(overrides);
        return ScorerConfig.of(v);
    }

    static Path modelFile() throws URISyntaxException {
        return Path.of(AclCluster.class.getResource("/tiny-model.json").toURI());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        kafka.close();
    }
}
