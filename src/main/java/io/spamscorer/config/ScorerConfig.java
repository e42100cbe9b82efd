package io.spamscorer.config;

import io.spamscorer.config.ConfigSources.Setting;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.stream.MissingFeaturePolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The validated, immutable configuration of one scorer instance: the app's {@code scorer.*} keys, and every other
 * key passed through to Kafka Streams and its clients unchanged, with production defaults filled in
 * (exactly-once v2, dead-letter exception handlers). Construction fails with a message naming the key.
 */
public final class ScorerConfig {

    public static final String INPUT_TOPIC = "scorer.input.topic";
    public static final String OUTPUT_TOPIC = "scorer.output.topic";
    public static final String DLQ_TOPIC = "scorer.dlq.topic";
    public static final String MODEL_PATH = "scorer.model.path";
    public static final String MODEL_TOPIC = "scorer.model.topic";
    public static final String EXPLAIN_TOP = "scorer.explain.top";
    public static final String FEATURES_MISSING = "scorer.features.missing";
    public static final String TOPICS_CREATE = "scorer.topics.create";
    public static final String TOPICS_PARTITIONS = "scorer.topics.partitions";
    public static final String TOPICS_REPLICATION = "scorer.topics.replication.factor";
    public static final String SHUTDOWN_TIMEOUT = "scorer.shutdown.timeout";
    public static final String REPLACEMENTS_MAX = "scorer.thread.replacements.max";
    public static final String REPLACEMENTS_WINDOW = "scorer.thread.replacements.window";
    public static final String HTTP_PORT = "scorer.http.port";
    public static final String HTTP_BIND = "scorer.http.bind";
    public static final String INPUT_FORMAT = "scorer.input.format";
    public static final String EMAIL_MAX_BYTES = "scorer.email.max.bytes";
    public static final String FEATURES_TOPIC = "scorer.features.topic";
    public static final String LABELS_TOPIC = "scorer.labels.topic";
    public static final String LABELS_RETENTION = "scorer.labels.retention";
    public static final String LABELS_PARTITIONS = "scorer.labels.partitions";
    public static final String EXAMPLES_TOPIC = "scorer.examples.topic";
    public static final String SHADOW_TOPIC = "scorer.shadow.topic";
    /** The shortest {@value #LABELS_RETENTION}: the quality buckets are per minute. */
    static final Duration MIN_LABELS_RETENTION = Duration.ofMinutes(1);
    /** The model file when {@value #INPUT_FORMAT} is email and {@value #MODEL_PATH} is not set. */
    public static final String EMAIL_MODEL_PATH = "config/email-model.json";
    static final long MIN_EMAIL_BYTES = 1024, MAX_EMAIL_BYTES = 64L * 1024 * 1024;

    private static final String GLOBAL_HANDLER_ENABLED = "processing.exception.handler.global.enabled";

    /**
     * Opts in now to what becomes the default in Kafka 5.0: {@value #GLOBAL_HANDLER_ENABLED} (KIP-1270; its
     * constant is deprecated, as 5.0 removes the setting). Without it every StreamsConfig logs a warning; the
     * partition assignor builds one of its own from the main consumer's settings, hence the prefixed copy. We have
     * no global tables, so it changes nothing else.
     */
    public static final Map<String, String> GLOBAL_HANDLER_OPT_IN = Map.of(
            GLOBAL_HANDLER_ENABLED, "true", StreamsConfig.mainConsumerPrefix(GLOBAL_HANDLER_ENABLED), "true");

    /** Every app key with its default, in documentation order. */
    public static final Map<String, String> DEFAULTS = AppKeys.defaults();

    public static final int MAX_EXPLAIN_TOP = 1000;

    private final Map<String, Setting> settings;
    private final SettingReader reader;
    private final TopicSettings topics;
    private final Path modelPath;
    private final int explainTop;
    private final MissingFeaturePolicy missingFeatures;
    private final boolean createTopics;
    private final int topicPartitions;
    private final short topicReplicationFactor;
    private final Duration shutdownTimeout;
    private final int replacementsMax;
    private final Duration replacementsWindow;
    private final int httpPort;
    private final InetAddress httpBind;
    private final Map<String, Object> kafka;

    private ScorerConfig(final Map<String, Setting> settings) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        this.reader = new SettingReader(this.settings);
        AppKeys.rejectUnknown(this.settings);
        this.topics = new TopicSettings(reader);
        this.modelPath = Path.of(reader.text(MODEL_PATH));
        this.explainTop = reader.integer(EXPLAIN_TOP, 0, MAX_EXPLAIN_TOP);
        this.missingFeatures = reader.choice(FEATURES_MISSING, MissingFeaturePolicy.class);
        this.createTopics = reader.bool(TOPICS_CREATE);
        this.topicPartitions = reader.integer(TOPICS_PARTITIONS, 1, 100_000);
        this.topicReplicationFactor = reader.replicationFactor(TOPICS_REPLICATION);
        this.shutdownTimeout = reader.duration(SHUTDOWN_TIMEOUT);
        this.replacementsMax = reader.integer(REPLACEMENTS_MAX, 0, 1_000_000);
        this.replacementsWindow = reader.duration(REPLACEMENTS_WINDOW);
        this.httpPort = reader.integer(HTTP_PORT, 0, 65_535);
        this.httpBind = reader.ipAddress(HTTP_BIND);
        this.kafka = Collections.unmodifiableMap(StreamsDefaults.build(this.settings, reader, topics.dlqTopic, topics.inputFormat));
    }

    /** Validates merged settings (see {@link ConfigSources}). */
    public static ScorerConfig from(final Map<String, Setting> settings) {
        return new ScorerConfig(settings);
    }

    /** Convenience for tests and embedded use: plain key/value pairs, origin "given". */
    public static ScorerConfig of(final Map<String, String> values) {
        final Map<String, Setting> s = new TreeMap<>();
        values.forEach((k, v) -> s.put(k, new Setting(v, "given")));
        return from(s);
    }

    /** Loads the properties file (may be null) with environment overrides. */
    public static ScorerConfig load(final Path file, final Map<String, String> env) {
        return from(ConfigSources.load(file, env));
    }

    public String inputTopic() {
        return topics.inputTopic;
    }

    public String outputTopic() {
        return topics.outputTopic;
    }

    public String dlqTopic() {
        return topics.dlqTopic;
    }

    /** The input, output and dead-letter topics. */
    public List<String> topics() {
        return List.of(topics.inputTopic, topics.outputTopic, topics.dlqTopic);
    }

    /** The compacted topic that carries published models. */
    public String modelTopic() {
        return topics.modelTopic;
    }

    /**
     * Every topic the job reads or writes: {@link #topics()}, the model topic, and the features, labels, examples and
     * shadow topics when set (in that order). The join's repartition topics are internal and not listed.
     */
    public List<String> allTopics() {
        return List.copyOf(topics.topicKeys().values());
    }

    /** Where user labels are read from, or empty when the feedback join is off. */
    public Optional<String> labelsTopic() {
        return Optional.ofNullable(topics.labelsTopic);
    }

    /** How long a score waits for its label, and a label for its score. */
    public Duration labelsRetention() {
        return topics.labelsRetention;
    }

    /** Partitions of each of the join's two repartition topics (the same for both, so the join is co-partitioned). */
    public int labelsPartitions() {
        return topics.labelsPartitions;
    }

    /** The compacted topic of labelled examples, or empty when off (needs {@link #labelsTopic()}). */
    public Optional<String> examplesTopic() {
        return Optional.ofNullable(topics.examplesTopic);
    }

    /** Where the shadow model's scored records go, or empty when they are not written. */
    public Optional<String> shadowTopic() {
        return Optional.ofNullable(topics.shadowTopic);
    }

    /** {@code features} (JSON feature records, the default) or {@code email} (raw RFC 5322 messages). */
    public InputFormat inputFormat() {
        return topics.inputFormat;
    }

    /** Parse bounds for raw email; {@link EmailLimits#maxBytes()} is {@value #EMAIL_MAX_BYTES}. */
    public EmailLimits emailLimits() {
        return topics.emailLimits;
    }

    /** Where extracted feature vectors are also written (email input only), or empty when off. */
    public Optional<String> featuresTopic() {
        return Optional.ofNullable(topics.featuresTopic);
    }

    /** A one-line error naming {@code key}, its value and where it came from, e.g. for a model the key points at. */
    public ConfigurationException invalid(final String key, final String problem) {
        return reader.invalid(key, problem);
    }

    public Path modelPath() {
        return modelPath;
    }

    public int explainTop() {
        return explainTop;
    }

    public MissingFeaturePolicy missingFeatures() {
        return missingFeatures;
    }

    public boolean createTopics() {
        return createTopics;
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    public short topicReplicationFactor() {
        return topicReplicationFactor;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public int replacementsMax() {
        return replacementsMax;
    }

    public Duration replacementsWindow() {
        return replacementsWindow;
    }

    /** Port of the health/metrics/model HTTP endpoint; 0 turns it off. */
    public int httpPort() {
        return httpPort;
    }

    /** Address the HTTP endpoint binds to; 0.0.0.0 (all interfaces) by default. */
    public InetAddress httpBind() {
        return httpBind;
    }

    public String applicationId() {
        return kafka.get(StreamsConfig.APPLICATION_ID_CONFIG).toString();
    }

    /** Kafka Streams and client properties, defaults applied; a fresh mutable copy. */
    public Properties streamsProperties() {
        final Properties p = new Properties();
        p.putAll(kafka);
        return p;
    }

    /** Kafka client properties only (no Streams-specific keys needed by Admin/producers of our own). */
    public Map<String, Object> clientProperties() {
        final Map<String, Object> p = new TreeMap<>();
        kafka.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")
                    || k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || k.startsWith("config.provider")
                    || k.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)) {
                p.put(k, v);
            }
        });
        return p;
    }

    /** A copy with one more setting; used by commands that override a key from the command line. */
    public ScorerConfig with(final String key, final String value, final String origin) {
        final Map<String, Setting> s = new TreeMap<>(settings);
        s.put(key, new Setting(value, origin));
        return from(s);
    }

    /** The effective configuration, one "key = value" per line, secrets masked; safe to log. */
    public String describe() {
        final Map<String, String> all = new TreeMap<>();
        DEFAULTS.forEach((k, v) -> all.put(k, reader.raw(k)));
        kafka.forEach((k, v) -> all.put(k, String.valueOf(v)));
        final StringBuilder sb = new StringBuilder();
        all.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(isSecret(k) ? "[hidden]" : v).append('\n'));
        return sb.toString();
    }

    static boolean isSecret(final String key) {
        return StreamsDefaults.SECRET.matcher(key).find();
    }
}
