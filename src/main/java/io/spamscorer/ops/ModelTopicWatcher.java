package io.spamscorer.ops;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.kafka.TopicReader;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelHolder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted model topic ({@code scorer.model.topic}; key: model name, value: model JSON as in the
 * model file) and swaps the {@link ModelHolder} to every valid, compatible model published there. Each instance
 * reads the whole topic itself (no consumer group), so every instance switches within about a second.
 *
 * <p>On start, {@link #catchUp(Duration)} reads to the end of the topic, so the job starts with the latest valid
 * model on the topic, else the model file. A model that fails validation, or whose features differ from the model
 * file's while it takes positional records ({@link ModelCompatibility}), is logged at WARN and counted; the previous
 * model stays. Rejected models met during the catch-up are replays, already reported by the run that first read
 * them, so they are logged at INFO as replayed and not counted again. With raw-email input the feature rule is
 * replaced by {@link ModelCompatibility#checkEmail}: any vocabulary, but the model must carry a featurizer.
 *
 * <p>The shadow slot ({@link ModelTopicProtocol#SHADOW_KEY}) sets the shadow model, checked by the same rules; a
 * rejected shadow leaves the previous shadow in place, and a tombstone there removes it. A live record whose model
 * equals the current shadow is a promotion ({@link ModelHolder#promote}): live and shadow change in one write. The
 * catch-up restores the shadow as well as the live model. Tombstones on other keys are ignored.
 */
public final class ModelTopicWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicWatcher.class);
    // Short, so that a deleted topic costs at most one poll of failing fetches before the check below notices.
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for a fetch to come back refused; a granted read of a caught-up topic waits it out once per re-check. */
    private static final Duration READ_PROBE = Duration.ofSeconds(1);
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String topic;
    private final ModelHolder holder;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ModelTopicApplier applier;
    private final Map<String, Object> clientProps;
    private final ModelTopicStatus status;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean running;
    private Thread thread;

    public ModelTopicWatcher(final Map<String, Object> clientProps, final String topic, final Model deployed,
                             final ModelHolder holder, final ModelEvents events) {
        this(clientProps, topic, deployed, holder, events, new ModelTopicStatus(topic), InputFormat.FEATURES);
    }

    /**
     * As above, reporting whether the topic can be read to {@code status}; {@code format} is the scorer's input
     * format, which decides the compatibility rule.
     */
    public ModelTopicWatcher(final Map<String, Object> clientProps, final String topic, final Model deployed,
                             final ModelHolder holder, final ModelEvents events, final ModelTopicStatus status,
                             final InputFormat format) {
        this.clientProps = Map.copyOf(clientProps);
        this.status = status;
        this.topic = topic;
        this.holder = holder;
        this.applier = new ModelTopicApplier(holder, events, format, deployed,
                "the model file " + holder.current().source() + " (scorer.model.path)");
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "spam-scorer-model-watcher");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads the topic from the beginning to its current end, applying every valid model.
     *
     * @throws ConfigurationException if the scorer's principal may not read the topic
     */
    public void catchUp(final Duration timeout) {
        try {
            readToEnd(timeout);
        } catch (final AuthorizationException e) {
            throw new ConfigurationException("cannot read model topic " + topic + " (" + ScorerConfig.MODEL_TOPIC + "): "
                    + notAuthorized(e), e);
        }
    }

    private static String notAuthorized(final AuthorizationException e) {
        return "not authorized: the scorer's principal needs READ on it (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + ")";
    }

    private void readToEnd(final Duration timeout) {
        final List<TopicPartition> partitions = TopicMetadata.assignFromBeginning(consumer, List.of(topic), timeout);
        if (partitions.size() > 1) {
            LOG.warn("model topic {} has {} partitions; models are applied in per-partition order, so publish to one",
                    topic, partitions.size());
        }
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!TopicReader.caughtUp(consumer, end) && System.nanoTime() < deadline) {
            apply(consumer.poll(Duration.ofMillis(200)), true);
        }
        if (!TopicReader.caughtUp(consumer, end)) {
            throw new IllegalStateException("could not read model topic " + topic + " to its end within " + timeout);
        }
        final ModelHolder.Models models = holder.snapshot();
        LOG.info("starting with model {} from {}{}", LogSafe.escape(models.live().model()), LogSafe.escape(models.live().source()),
                models.shadow() == null ? "" : " and shadow model " + LogSafe.escape(models.shadow().model()) + " from "
                        + models.shadow().source());
    }

    /** Follows the topic on a daemon thread until {@link #close()}. */
    public void start() {
        running = true;
        thread = new Thread(this::follow, "spam-scorer-model-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Polls while the topic is there. Once the consumer's metadata no longer knows it, it stops fetching (an assigned
     * partition of a deleted topic makes every fetch fail at once, and the client logs each failure at WARN), logs
     * one ERROR, and re-checks with an Admin describe, backing off up to {@link #MAX_BACKOFF}; when the topic is
     * back it reads it again from the beginning. The holder keeps the current model meanwhile.
     */
    private void follow() {
        Admin admin = null;
        try {
            Duration backoff = MIN_BACKOFF;
            while (running) {
                if (status.available()) {
                    final String denied = pollUnlessDenied(POLL);
                    final String missing = denied != null ? denied : missing();
                    if (missing != null) {
                        consumer.assign(List.of()); // stops the fetches that fail (and log) at once
                        unavailable(missing);
                        backoff = MIN_BACKOFF;
                    }
                } else if (!stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    admin = admin != null ? admin : Admin.create(clientProps);
                    final String why = whyNotReadable(admin);
                    final List<TopicPartition> partitions = why == null
                            ? TopicMetadata.assignFromBeginning(consumer, List.of(topic), CHECK_TIMEOUT) : List.of();
                    // Describing needs DESCRIBE only; one poll shows whether READ is granted (again) too.
                    final String denied = why == null ? pollUnlessDenied(READ_PROBE) : null;
                    if (denied != null) {
                        consumer.assign(List.of());
                    }
                    if (why == null && denied == null) {
                        status.recovered();
                        LOG.info("model topic {} is available again ({} partition(s)); reading it from the beginning, "
                                + "still scoring with {} until it has a newer model", topic, partitions.size(),
                                LogSafe.escape(holder.model()));
                    } else {
                        unavailable(why != null ? why : denied);
                        final Duration doubled = backoff.multipliedBy(2);
                        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
                    }
                }
            }
        } catch (final WakeupException e) {
            // close() woke us up
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            LOG.error("model watcher stopped; the job keeps scoring with {}", LogSafe.escape(holder.model()), e);
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Polls and applies what comes; returns why the broker refused the read, or null if it did not. */
    private String pollUnlessDenied(final Duration timeout) {
        try {
            apply(consumer.poll(timeout));
            return null;
        } catch (final AuthorizationException e) {
            return notAuthorized(e);
        }
    }

    /** Why the consumer cannot read the topic any more, or null. Answered from its cached metadata while the topic is there. */
    private String missing() {
        try {
            final List<PartitionInfo> partitions = consumer.partitionsFor(topic, CHECK_TIMEOUT);
            return partitions == null || partitions.isEmpty() ? "the cluster no longer knows the topic (deleted?)" : null;
        } catch (final org.apache.kafka.common.errors.TimeoutException e) {
            return "no metadata for it within " + CHECK_TIMEOUT.toSeconds() + " s";
        }
    }

    /** Why an Admin describe says the topic cannot be read (yet), or null once it has partitions that all have a leader. */
    private String whyNotReadable(final Admin admin) throws InterruptedException {
        try {
            return TopicMetadata.leaderGap(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic));
        } catch (final ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException ? "the topic does not exist"
                    : "cannot describe it: " + e.getCause();
        } catch (final TimeoutException e) {
            return "no answer from the cluster within " + CHECK_TIMEOUT.toSeconds() + " s";
        }
    }

    private void unavailable(final String reason) {
        if (status.failed(reason, Instant.now())) {
            LOG.error("model topic {} is unavailable: {}; still scoring with {}, re-checking with back-off up to {} s "
                    + "(/health/ready answers 503 meanwhile)", topic, reason, LogSafe.escape(holder.model()), MAX_BACKOFF.toSeconds());
        } else {
            LOG.debug("model topic {} is still unavailable: {}", topic, reason);
        }
    }

    private void apply(final Iterable<ConsumerRecord<byte[], byte[]>> records) {
        apply(records, false);
    }

    private void apply(final Iterable<ConsumerRecord<byte[], byte[]>> records, final boolean replay) {
        for (final ConsumerRecord<byte[], byte[]> r : records) {
            applier.apply(r, replay);
        }
    }

    @Override
    public void close() {
        running = false;
        stop.countDown();
        if (thread == null) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
