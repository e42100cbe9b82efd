package io.spamscorer.ops;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.TopicReader;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelInputs;
import io.spamscorer.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes models to the model topic following {@link ModelTopicProtocol}: a live model, a shadow, or a promotion of
 * the current shadow (one transaction). Used by {@code publish-model}, {@code promote} and {@code retrain}. Every
 * failure is a {@link PublishException} with one line that names the topic and the fix, and says whether the same
 * call may work later ({@link PublishException#retryable()}).
 */
public final class ModelPublisher {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Where a record went. */
    public record Published(Model model, String topic, int partition, long offset) {
    }

    /** The shadow slot's current value: the model JSON exactly as published, and its coordinates. */
    public record Shadow(byte[] json, String source) {

        public Shadow {
            Objects.requireNonNull(json, "json == null");
            Objects.requireNonNull(source, "source == null");
        }
    }

    /** Publishing failed; {@link #retryable()} when the cluster rather than the input or configuration is at fault. */
    public static final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        public PublishException(final String message, final boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private ModelPublisher() {
    }

    /**
     * Checks {@code candidate} with the rule the scorer's watchers apply to live models and shadows alike: with raw-email
     * input it must carry a featurizer; otherwise, unless it takes named inputs only, its features must be those of
     * {@code scorer.model.path}, which must therefore be readable here.
     *
     * @throws ModelException naming the first difference
     * @throws ConfigurationException if the reference model cannot be read
     */
    public static void checkCompatible(final ScorerConfig config, final Model candidate) {
        if (config.inputFormat() == InputFormat.EMAIL) {
            ModelCompatibility.checkEmail(candidate);
        } else if (candidate.inputs() != ModelInputs.NAMED_ONLY) {
            final Path path = config.modelPath();
            ModelCompatibility.check(reference(path), "the reference model " + path + " (" + ScorerConfig.MODEL_PATH + ")", candidate);
        }
    }

    /** The model the job checks swaps against; without it the feature check cannot be made, so nothing is published. */
    private static Model reference(final Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigurationException("cannot read the reference model " + ScorerConfig.MODEL_PATH + "=" + path
                    + " (" + path.toAbsolutePath() + " is not a file here); publish-model compares the new model's features"
                    + " with it, so run it where that path resolves or set " + ScorerConfig.MODEL_PATH + " to a copy of the job's model file");
        }
        try {
            return ModelLoader.load(path);
        } catch (final ModelException e) {
            throw new ConfigurationException("cannot read the reference model " + ScorerConfig.MODEL_PATH + "=" + path
                    + ": " + e.getMessage(), e);
        }
    }

    /** Publishes {@code json} (the JSON of {@code model}) as the live model under its name. Checks the topic first. */
    public static Published publishLive(final ScorerConfig config, final Model model, final byte[] json) throws InterruptedException {
        ModelTopicChecks.probe(config);
        return send(config, model, ModelTopicProtocol.liveKey(model.name()), json);
    }

    /** Publishes {@code json} (the JSON of {@code model}) to the shadow slot, replacing any shadow. Checks the topic first. */
    public static Published publishShadow(final ScorerConfig config, final Model model, final byte[] json) throws InterruptedException {
        ModelTopicChecks.probe(config);
        return send(config, model, ModelTopicProtocol.shadowKey(), json);
    }

    /**
     * Removes the shadow without promoting it: a tombstone on the shadow slot, after which every scorer scores with the
     * live model alone. Refuses when there is no shadow, so a mistyped topic does not pass silently.
     *
     * @return the removed shadow's model and where the tombstone went
     */
    public static Published clearShadow(final ScorerConfig config) throws InterruptedException {
        final Shadow shadow = requireShadow(config, "to clear");
        final Model removed;
        try {
            removed = ModelLoader.parse(shadow.json());
        } catch (final ModelException e) {
            // the watchers rejected it too; the tombstone still ends it
            throw new ModelException("the shadow at " + shadow.source() + " is not a valid model (" + e.getMessage()
                    + "); no scorer uses it", e);
        }
        return send(config, removed, ModelTopicProtocol.shadowKey(), null);
    }

    /** The current shadow, after the topic probe; refused, naming the topic, when there is none. */
    private static Shadow requireShadow(final ScorerConfig config, final String purpose) throws InterruptedException {
        ModelTopicChecks.probe(config);
        return readShadow(config, Duration.ofSeconds(30)).orElseThrow(() -> new PublishException(
                "there is no shadow model on " + config.modelTopic() + " " + purpose, false));
    }

    private static Published send(final ScorerConfig config, final Model model, final byte[] key, final byte[] json)
            throws InterruptedException {
        final String topic = config.modelTopic();
        try (KafkaProducer<byte[], byte[]> producer = producer(config, null)) {
            final RecordMetadata m = producer.send(new ProducerRecord<>(topic, key, json)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Published(model, m.topic(), m.partition(), m.offset());
        } catch (final ExecutionException e) {
            throw sendFailure(topic, json == null ? 0 : json.length, e.getCause());
        } catch (final TimeoutException e) {
            throw new PublishException("could not publish to " + topic + ": no acknowledgement within " + TIMEOUT.toSeconds() + " s", true);
        }
    }

    /**
     * Reads the model topic (read_committed, from the beginning to its end, no consumer group) and returns the shadow
     * slot's latest value, or empty when there is none (never published, or removed by a tombstone).
     */
    public static Optional<Shadow> readShadow(final ScorerConfig config, final Duration timeout) {
        final String topic = config.modelTopic();
        final Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "spam-scorer-model-reader");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final AtomicReference<Shadow> shadow = new AtomicReference<>();
            final boolean read = TopicReader.readToEnd(consumer, topic, timeout, r -> {
                if (ModelTopicProtocol.isShadowKey(r.key())) {
                    shadow.set(r.value() == null ? null
                            : new Shadow(r.value(), "topic " + r.topic() + "-" + r.partition() + "@" + r.offset()));
                }
            });
            if (!read) {
                throw new PublishException("could not read model topic " + topic + " to its end within " + timeout.toSeconds() + " s", true);
            }
            return Optional.ofNullable(shadow.get());
        } catch (final AuthorizationException e) {
            throw new PublishException("not allowed to read model topic " + topic + " (" + ScorerConfig.MODEL_TOPIC
                    + "): finding the shadow needs READ on it (" + e.getMessage() + ")", false);
        } catch (final org.apache.kafka.common.errors.TimeoutException e) {
            throw new PublishException("could not read model topic " + topic + ": " + e.getMessage(), true);
        }
    }

    /**
     * Makes the current shadow live on every instance: reads the shadow slot, checks the model as a live one, and
     * writes, in one transaction, the shadow's JSON under its model name and a tombstone on the shadow slot.
     *
     * @throws PublishException if there is no shadow (not retryable)
     * @throws ModelException if the shadow's JSON is not a model the scorer would accept
     */
    public static Published promote(final ScorerConfig config) throws InterruptedException {
        return promote(config, null);
    }

    /**
     * As {@link #promote(ScorerConfig)}, but refuses unless the current shadow equals {@code expected} (when not null):
     * the check that approved {@code expected} does not then promote a shadow replaced in the meantime.
     */
    public static Published promote(final ScorerConfig config, final Model expected) throws InterruptedException {
        final String topic = config.modelTopic();
        final Shadow shadow = requireShadow(config, "to promote; publish one with publish-model --shadow --model FILE");
        final Model model;
        try {
            model = ModelLoader.parse(shadow.json());
            checkCompatible(config, model);
        } catch (final ModelException e) {
            throw new ModelException("the shadow at " + shadow.source() + " cannot be live: " + e.getMessage(), e);
        }
        if (expected != null && !expected.equals(model)) {
            throw new PublishException("the shadow on " + topic + " is now " + model + ", not the checked " + expected
                    + "; nothing promoted, run the check again", false);
        }
        return commitPromotion(config, model, shadow.json());
    }

    private static Published commitPromotion(final ScorerConfig config, final Model model, final byte[] json) throws InterruptedException {
        final String topic = config.modelTopic();
        final String txId = ModelTopicProtocol.promoteTransactionalId(topic);
        try (KafkaProducer<byte[], byte[]> producer = producer(config, txId)) {
            producer.initTransactions();
            producer.beginTransaction();
            final Future<RecordMetadata> live;
            try {
                live = producer.send(new ProducerRecord<>(topic, ModelTopicProtocol.liveKey(model.name()), json));
                producer.send(new ProducerRecord<>(topic, ModelTopicProtocol.shadowKey(), null));
                producer.commitTransaction();
            } catch (final ProducerFencedException e) {
                throw new PublishException("another promotion of " + topic + " (transactional id " + txId
                        + ") started meanwhile; nothing promoted by this one", false);
            } catch (final KafkaException e) {
                abortQuietly(producer);
                final Throwable root = rootCause(e);
                if (root instanceof TransactionalIdAuthorizationException t) {
                    throw t;
                }
                if (root instanceof AuthorizationException) {
                    throw new PublishException("not allowed to promote on " + topic + ": promoting needs WRITE on the topic ("
                            + root.getMessage() + ")", false);
                }
                throw sendFailure(topic, json.length, root);
            }
            final RecordMetadata m = live.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Published(model, m.topic(), m.partition(), m.offset());
        } catch (final TransactionalIdAuthorizationException e) {
            throw new PublishException("not allowed to use transactional id " + txId + ": promoting needs WRITE and DESCRIBE on"
                    + " it (" + e.getMessage() + ")", false);
        } catch (final ExecutionException | TimeoutException e) {
            // the commit succeeded, so the metadata is there; this is not expected
            throw new PublishException("promotion on " + topic + " committed, but its offset is unknown: " + e, false);
        } catch (final org.apache.kafka.common.errors.TimeoutException e) {
            throw new PublishException("could not promote on " + topic + ": " + e.getMessage(), true);
        }
    }

    private static void abortQuietly(final KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (final KafkaException e) {
            // a fatal error leaves nothing to abort; the broker times the transaction out, and watchers never see it
        }
    }

    private static Throwable rootCause(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof AuthorizationException)
                && !(t instanceof RecordTooLargeException)) {
            t = t.getCause();
        }
        return t;
    }

    private static PublishException sendFailure(final String topic, final int bytes, final Throwable cause) {
        if (cause instanceof RecordTooLargeException) {
            return new PublishException("topic " + topic + " refused the model (" + bytes + " bytes before compression)"
                    + " as too large; set its max.message.bytes to " + ModelTopicSettings.MAX_MESSAGE_BYTES
                    + " (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config max.message.bytes=" + ModelTopicSettings.MAX_MESSAGE_BYTES + ")", false);
        }
        return new PublishException("could not publish to " + topic + ": " + cause, true);
    }

    private static KafkaProducer<byte[], byte[]> producer(final ScorerConfig config, final String transactionalId) {
        final Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        }
        props.putAll(ModelTopicSettings.producerOverrides());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
