package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scorer instances with one application id share a 4-partition input topic; when one stops mid-stream the
 * other takes over its partitions, and every record is still scored or dead-lettered exactly once.
 */
class ScaleOutIT {

    private static final int N = 3000;
    private static final int PARTITIONS = 4;

    @TempDir
    Path tmp;

    @Test
    void shouldShareThePartitionsAndTakeOverWhenOneInstanceStops() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("scale-out", PARTITIONS);
        final String appId = SharedKafka.uniqueName("scale-out-app");
        final SharedKafka.Workload workload = new SharedKafka.Workload("s", N, 30);
        final ScorerRuntime first = runtime(topics, appId, tmp.resolve("state-a"));
        final ScorerRuntime second = runtime(topics, appId, tmp.resolve("state-b"));

        try (SharedKafka.Results results = new SharedKafka.Results(topics)) {
            try {
                first.start();
                second.start();
                SharedKafka.await("both instances RUNNING, each with some of the " + PARTITIONS + " tasks",
                        () -> isRunning(first) && isRunning(second) && !tasks(first).isEmpty() && !tasks(second).isEmpty()
                                && Collections.disjoint(tasks(first), tasks(second))
                                && union(tasks(first), tasks(second)).size() == PARTITIONS,
                        () -> "first " + first.state() + " " + tasks(first) + ", second " + second.state() + " " + tasks(second));

                final Future<?> producing = workload.produceInBackground(topics.input(), 20, 20);
                // If this times out, the message says whether the input was produced and consumed, and who owns what.
                results.awaitAtLeast(500, () -> diagnosis(producing, topics, appId, first, second));
                first.close();
                assertEquals(KafkaStreams.State.NOT_RUNNING, first.state());

                SharedKafka.await("the remaining instance to own all " + PARTITIONS + " tasks",
                        () -> isRunning(second) && tasks(second).size() == PARTITIONS,
                        () -> second.state() + " " + tasks(second));
                producing.get(SharedKafka.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                results.awaitAtLeast(N);
                assertFalse(second.failed(), "the remaining instance keeps running");
            } finally {
                first.close();
                second.close();
            }
            workload.assertExactlyOnce(topics, results.drain());
            assertTrue(workload.malformedCount() > 0);
        }
    }

    private static String diagnosis(final Future<?> producing, final SharedKafka.Topics topics, final String appId,
                                    final ScorerRuntime first, final ScorerRuntime second) {
        String produced = "still producing";
        try {
            if (producing.isDone()) {
                producing.get(); // rethrows what stopped the producer, if anything
                produced = "all sent";
            }
        } catch (final Exception e) {
            produced = "failed: " + e;
        }
        String offsets;
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topics.input(), p), OffsetSpec.latest());
            }
            final Map<TopicPartition, Long> ends = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            final StringBuilder sb = new StringBuilder();
            ends.forEach((tp, end) -> sb.append(tp.partition()).append(": committed ")
                    .append(committed.get(tp) == null ? "-" : committed.get(tp).offset()).append(" of ").append(end).append("; "));
            offsets = sb.toString();
        } catch (final Exception e) {
            offsets = "unavailable: " + e;
        }
        return "input: " + produced + "; input offsets by partition: " + offsets + "first " + first.state() + " "
                + tasks(first) + ", second " + second.state() + " " + tasks(second);
    }

    private static ScorerRuntime runtime(final SharedKafka.Topics topics, final String appId, final Path stateDir) {
        return new ScorerRuntime(SharedKafka.config(topics, stateDir, Map.of("application.id", appId)),
                SharedKafka.holder(SharedKafka.tinyModel()), ScoringListener.NONE);
    }

    private static boolean isRunning(final ScorerRuntime runtime) {
        if (runtime.failed()) {
            throw new AssertionError("scorer failed: " + runtime.failureReason());
        }
        return runtime.state() == KafkaStreams.State.RUNNING;
    }

    /** The active tasks this instance's stream threads own right now. */
    private static Set<TaskId> tasks(final ScorerRuntime runtime) {
        final Set<TaskId> tasks = new TreeSet<>();
        for (final ThreadMetadata thread : runtime.streams().metadataForLocalThreads()) {
            for (final TaskMetadata task : thread.activeTasks()) {
                tasks.add(task.taskId());
            }
        }
        return tasks;
    }

    private static Set<TaskId> union(final Set<TaskId> a, final Set<TaskId> b) {
        final Set<TaskId> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
