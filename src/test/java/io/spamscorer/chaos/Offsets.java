package io.spamscorer.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Admin-side probes: committed (last stable) and uncommitted end offsets, progress after a fault, and the
 * consumer group state. Every call is bounded; a call that fails while the broker is down just returns null.
 */
final class Offsets implements AutoCloseable {

    private static final long CALL_MS = 5_000;

    private final Admin admin;

    Offsets(final Map<String, Object> clientProps) {
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_MS);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        this.admin = Admin.create(props);
    }

    /** End offsets of every partition of {@code topics}, or null if the broker did not answer. */
    Map<TopicPartition, Long> ends(final List<String> topics, final IsolationLevel isolation) {
        try {
            final Map<String, TopicDescription> described =
                    admin.describeTopics(topics).allTopicNames().get(CALL_MS, TimeUnit.MILLISECONDS);
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(
                    p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                    admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(CALL_MS, TimeUnit.MILLISECONDS);
            final Map<TopicPartition, Long> out = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            result.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (final ExecutionException | TimeoutException e) {
            return null;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Committed end offsets, retried (bounded) until the broker answers. */
    Map<TopicPartition, Long> committedEnds(final List<String> topics, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final Map<TopicPartition, Long> ends = ends(topics, IsolationLevel.READ_COMMITTED);
            if (ends != null) {
                return ends;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no end offsets for " + topics + " within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Milliseconds from {@code sinceNanos} until the committed end offset of every partition in {@code baseline}
     * has grown past its baseline value, or -1 if that did not happen within {@code timeout}.
     */
    long awaitProgress(final Map<TopicPartition, Long> baseline, final long sinceNanos, final Duration timeout)
            throws InterruptedException {
        final List<String> topics = baseline.keySet().stream().map(TopicPartition::topic).distinct().toList();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final Map<TopicPartition, Long> now = ends(topics, IsolationLevel.READ_COMMITTED);
            if (now != null && baseline.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), -1L) > e.getValue())) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
            }
            Thread.sleep(100);
        }
        return -1;
    }

    /** The consumer group's state, or null if it cannot be described right now. */
    GroupState groupState(final String groupId) {
        try {
            final ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(CALL_MS, TimeUnit.MILLISECONDS);
            return d.groupState();
        } catch (final ExecutionException | TimeoutException e) {
            return null;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits (bounded) until the group is EMPTY or DEAD; returns the last state seen. */
    GroupState awaitGroupEmpty(final String groupId, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        GroupState state = null;
        while (System.nanoTime() < deadline) {
            state = groupState(groupId);
            if (state == GroupState.EMPTY || state == GroupState.DEAD) {
                return state;
            }
            Thread.sleep(200);
        }
        return state;
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
