package io.spamscorer.ops;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.TopicMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at startup that the scorer's topics exist (naming any that do not), or creates them when asked.
 * Bounded by a timeout so an unreachable or misconfigured cluster gives a clear error instead of a hang.
 */
public final class TopicGuard {

    private static final Logger LOG = LoggerFactory.getLogger(TopicGuard.class);
    private static final long TIMEOUT_SECONDS = 30;
    /** Record batch and key overhead on top of a raw message's bytes. */
    public static final int EMAIL_RECORD_OVERHEAD = 64 * 1024;
    /** A dead letter carries the original value plus the error message, stack trace and source headers. */
    public static final int DEAD_LETTER_HEADERS = 1024 * 1024;

    private TopicGuard() {
    }

    /**
     * Checks (or creates) the input, output, dead-letter and model topics. The model topic is created with one
     * partition, so models are read in publication order, compacted, so the latest model per name is kept, and with
     * room for a model as large as a model file may be ({@link ModelTopicSettings}); an existing model topic that is
     * not compacted gets a warning. With raw email input, the input topic is created with room for a message of
     * {@code scorer.email.max.bytes}, and the dead-letter topic with room for that message plus its error headers:
     * the broker's default (about 1 MiB) would refuse larger mail before the scorer ever saw it.
     *
     * <p>With the feedback loop on, the labels topic (read), the shadow topic (written) and the examples topic
     * (written) are checked like the others; the examples topic is created compacted, as a training set that keeps
     * the latest label per id, and an existing one that is not gets a warning. The join's repartition topics and
     * store changelogs are internal: Kafka Streams creates them.
     */
    public static void ensureAll(final ScorerConfig config) {
        final Map<String, Map<String, String>> configs = new java.util.HashMap<>();
        configs.put(config.modelTopic(), ModelTopicSettings.topicConfigs());
        config.examplesTopic().ifPresent(topic -> configs.put(topic,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        if (config.inputFormat() == InputFormat.EMAIL) {
            final long max = config.emailLimits().maxBytes();
            configs.put(config.inputTopic(), Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    String.valueOf(max + EMAIL_RECORD_OVERHEAD)));
            configs.put(config.dlqTopic(), Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    String.valueOf(max + EMAIL_RECORD_OVERHEAD + DEAD_LETTER_HEADERS)));
        }
        ensure(config, config.allTopics(), configs);
    }

    /**
     * Checks or creates {@code topics}; a topic named in {@code topicConfigs} is created with those topic configs. The
     * model topic gets one partition, so models are applied in publication order; the others
     * {@code scorer.topics.partitions}.
     */
    public static void ensure(final ScorerConfig config, final List<String> topics,
                              final Map<String, Map<String, String>> topicConfigs) {
        final Map<String, Object> props = new java.util.HashMap<>(config.clientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = createAdmin(props)) {
            check(admin, config, topics, topicConfigs);
        }
    }

    private static void check(final Admin admin, final ScorerConfig config, final List<String> topics,
                              final Map<String, Map<String, String>> topicConfigs) {
        try {
            final Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<String> missing = new ArrayList<>();
            for (final String t : topics) {
                if (!existing.contains(t)) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                if (!config.createTopics()) {
                    requireDescribable(admin, config, missing);
                    throw new ConfigurationException("missing topic(s): " + String.join(", ", missing)
                            + "; create them, or start with --create-topics (or " + ScorerConfig.TOPICS_CREATE + "=true)");
                }
                create(admin, config, missing, topicConfigs);
            }
            for (final Map.Entry<String, Map<String, String>> wanted : topicConfigs.entrySet()) {
                final String policy = wanted.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy != null && topics.contains(wanted.getKey()) && !missing.contains(wanted.getKey())) {
                    checkCleanupPolicy(admin, wanted.getKey(), policy, wanted.getKey().equals(config.modelTopic())
                            ? "a restart after that starts with the model file instead of the last published model"
                            : "labelled examples older than that are lost to retraining instead of the latest per id kept");
                }
            }
        } catch (final ExecutionException e) {
            final String denied = AclHint.of(config).explain(e.getCause());
            throw new ConfigurationException("cannot check topics on " + config.clientProperties().get("bootstrap.servers")
                    + ": " + (denied != null ? denied : e.getCause()), e.getCause());
        } catch (final TimeoutException e) {
            throw new ConfigurationException("cannot reach Kafka at " + config.clientProperties().get("bootstrap.servers")
                    + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            // A shutdown during startup interrupts us: do not wait (up to the API timeout) for the pending calls.
            admin.close(Duration.ZERO);
            throw new ConfigurationException("interrupted while checking topics", e);
        }
    }

    /**
     * listTopics leaves out the topics this principal may not describe, so a missing ACL would read as a missing
     * topic; describing them tells the two apart (a principal without DESCRIBE, which READ and WRITE imply, is told
     * "not authorized" whether the topic exists or not).
     */
    private static void requireDescribable(final Admin admin, final ScorerConfig config, final List<String> missing)
            throws InterruptedException, TimeoutException {
        final List<String> denied = new ArrayList<>();
        final Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(missing).topicNameValues();
        for (final String topic : missing) {
            try {
                described.get(topic).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (final ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    denied.add(topic);
                }
            }
        }
        if (!denied.isEmpty()) {
            throw new ConfigurationException("not authorized to describe topic(s) " + String.join(", ", denied) + " on "
                    + config.clientProperties().get("bootstrap.servers") + " (so the broker does not say whether they exist):"
                    + " the scorer's principal needs " + AclHint.of(config).topics(denied));
        }
    }

    /**
     * An Admin client, or a one-line {@link ConfigurationException}: construction fails on settings it cannot use, e.g.
     * an unresolvable bootstrap address or a JAAS value a config provider could not read.
     */
    public static Admin createAdmin(final Map<String, Object> props) {
        try {
            return Admin.create(props);
        } catch (final KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConfigurationException("cannot create a Kafka client for " + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG
                    + "=" + props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + root.getMessage()
                    + " (check the address, the security settings and config providers)", e);
        }
    }

    /**
     * Warns when an existing topic's cleanup.policy is not {@code wanted}. For the model topic this matters: under
     * {@code delete} (or {@code compact,delete}) the published models expire with the retention, and the next restart
     * silently starts with the model file again. A warning, not an error: the topic is the operator's to configure,
     * and the job still scores.
     */
    private static void checkCleanupPolicy(final Admin admin, final String topic, final String wanted,
                                           final String consequence) throws InterruptedException {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Config described;
        try {
            described = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        } catch (final ExecutionException | TimeoutException e) {
            // toString: a Throwable as the last argument would be taken for the stack trace, leaving "{}" unfilled
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : null;
            LOG.warn("cannot check the cleanup.policy of topic {} (it should be {}): {}{}", topic, wanted,
                    cause != null ? cause.toString() : "no answer within " + TIMEOUT_SECONDS + " s",
                    cause instanceof TopicAuthorizationException ? "; grant DESCRIBE_CONFIGS on it to have it checked" : "");
            return;
        }
        final String policy = value(described, TopicConfig.CLEANUP_POLICY_CONFIG);
        if (!wanted.equals(policy.replace(" ", ""))) {
            LOG.warn("topic {} has cleanup.policy={} (retention.ms={}), not {}: its records are deleted once the retention "
                            + "passes, and {}; set cleanup.policy={} on it", topic, policy,
                    value(described, TopicConfig.RETENTION_MS_CONFIG), wanted, consequence, wanted);
        }
    }

    private static String describe(final Map<String, String> configs) {
        final List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(configs).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    private static String value(final Config config, final String key) {
        final ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null || entry.value() == null ? "(unknown)" : entry.value();
    }

    private static void create(final Admin admin, final ScorerConfig config, final List<String> missing,
                               final Map<String, Map<String, String>> topicConfigs)
            throws InterruptedException, TimeoutException, ExecutionException {
        final List<NewTopic> newTopics = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        for (final String t : missing) {
            final Optional<Short> rf = config.topicReplicationFactor() < 0 ? Optional.empty()
                    : Optional.of(config.topicReplicationFactor());
            final boolean special = topicConfigs.containsKey(t);
            final int partitions = t.equals(config.modelTopic()) ? 1 : config.topicPartitions();
            final NewTopic nt = new NewTopic(t, Optional.of(partitions), rf);
            if (special) {
                nt.configs(topicConfigs.get(t));
            }
            newTopics.add(nt);
            created.add(t + " (" + partitions + (partitions == 1 ? " partition" : " partitions")
                    + (special ? ", " + describe(topicConfigs.get(t)) : "") + ")");
        }
        try {
            admin.createTopics(newTopics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                throw new ConfigurationException("not authorized to create topic(s) " + String.join(", ", missing) + " on "
                        + config.clientProperties().get("bootstrap.servers") + ": " + ScorerConfig.TOPICS_CREATE
                        + " (--create-topics) needs CREATE on them (or on the cluster); or have an administrator create them ("
                        + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")", e.getCause());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // The scorer subscribes and the model watcher assigns right after this; both need the broker to know them.
        try {
            TopicMetadata.awaitLeaders(admin, missing, Duration.ofSeconds(TIMEOUT_SECONDS));
        } catch (final IllegalStateException e) {
            throw new ConfigurationException("created " + String.join(", ", missing) + " on "
                    + config.clientProperties().get("bootstrap.servers") + ", but " + e.getMessage()
                    + "; check that the brokers are up and can lead them", e);
        }
        LOG.info("created topic(s) {}", String.join(", ", created));
    }
}
