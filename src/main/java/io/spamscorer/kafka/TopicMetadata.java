package io.spamscorer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits for topics to show up in a broker's metadata. A CreateTopics response only means the controller has
 * committed the topic; a KRaft broker applies that record a little later. Until it does, a consumer's
 * {@code partitionsFor} returns an empty list, and an {@code assign} built from it reads nothing without a word.
 * On a busy machine that window is long enough to matter (seen in CI), so whoever creates a topic and then reads
 * or writes it goes through here.
 */
public final class TopicMetadata {

    private static final long RETRY_MILLIS = 50;
    private static final Duration MIN_ANSWER_WAIT = Duration.ofSeconds(1);

    private TopicMetadata() {
    }

    /**
     * Returns once every topic is described with at least one partition and a leader for each partition.
     *
     * @throws IllegalStateException naming each topic that is not ready, with why, when {@code timeout} passes
     */
    public static void awaitLeaders(final Admin admin, final Collection<String> topics, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // Every round may take its second, so that the last one still gets an answer to report.
            final Duration wait = Duration.ofNanos(Math.max(deadline - System.nanoTime(), MIN_ANSWER_WAIT.toNanos()));
            final Map<String, String> notReady = notReady(admin, topics, wait);
            if (notReady.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic(s) not ready after " + text(timeout) + ": " + notReady);
            }
            pause();
        }
    }

    /**
     * The partitions of {@code topic} as {@code consumer} sees them, retrying while its metadata does not know the
     * topic yet.
     *
     * @throws IllegalStateException when the topic still has no partitions after {@code timeout}
     */
    public static List<TopicPartition> partitions(final Consumer<?, ?> consumer, final String topic, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos != null && !infos.isEmpty()) {
                final List<TopicPartition> partitions = new ArrayList<>(infos.size());
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions in the cluster metadata after "
                        + text(timeout) + "; does it exist?");
            }
            pause();
        }
    }

    /**
     * Assigns {@code consumer} every partition of {@code topics}, found as {@link #partitions} finds them, and seeks
     * each to its beginning.
     *
     * @return the partitions assigned
     */
    public static List<TopicPartition> assignFromBeginning(final Consumer<?, ?> consumer, final Collection<String> topics,
                                                           final Duration timeout) {
        final List<TopicPartition> all = new ArrayList<>();
        for (final String topic : topics) {
            all.addAll(partitions(consumer, topic, timeout));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        return all;
    }

    /** Topic name → why it is not ready; empty when all are. */
    private static Map<String, String> notReady(final Admin admin, final Collection<String> topics, final Duration wait) {
        final Map<String, String> notReady = new LinkedHashMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((topic, future) -> {
            final String why = whyNotReady(topic, future, wait);
            if (why != null) {
                notReady.put(topic, why);
            }
        });
        return notReady;
    }

    /** Why {@code topic} is not ready yet, or null when it is; waiting cannot cure a non-retriable error, so that throws. */
    private static String whyNotReady(final String topic, final KafkaFuture<TopicDescription> future, final Duration wait) {
        final TopicDescription description;
        try {
            description = future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                return "unknown to the broker yet";
            }
            if (cause instanceof RetriableException) {
                return String.valueOf(cause);
            }
            throw new IllegalStateException("cannot describe topic " + topic + ": " + cause, cause);
        } catch (final TimeoutException e) {
            return "no answer from the broker";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic metadata", e);
        }
        return leaderGap(description);
    }

    /** Null when the described topic has partitions and every one has a leader; else how many of them do. */
    public static String leaderGap(final TopicDescription description) {
        final List<TopicPartitionInfo> partitions = description.partitions();
        final long led = partitions.stream().filter(p -> p.leader() != null && !p.leader().isEmpty()).count();
        return !partitions.isEmpty() && led == partitions.size() ? null
                : led + " of " + partitions.size() + " partitions have a leader";
    }

    private static String text(final Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic metadata", e);
        }
    }
}
