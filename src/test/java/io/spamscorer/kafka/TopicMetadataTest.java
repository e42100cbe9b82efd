package io.spamscorer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The consumer half of {@link TopicMetadata}: a consumer whose metadata does not know a topic yet gets an empty list
 * from {@code partitionsFor}; the helper retries instead of handing back nothing to assign.
 */
class TopicMetadataTest {

    @Test
    void shouldRetryUntilTheConsumerSeesTheTopic() {
        final LateConsumer consumer = new LateConsumer(3, "in", 4);

        final List<TopicPartition> partitions = TopicMetadata.partitions(consumer, "in", Duration.ofSeconds(10));

        assertEquals(List.of(new TopicPartition("in", 0), new TopicPartition("in", 1), new TopicPartition("in", 2),
                new TopicPartition("in", 3)), partitions);
        assertEquals(4, consumer.calls, "three empty answers, then the topic");
    }

    @Test
    void shouldNameTheTopicWhenItNeverAppears() {
        final LateConsumer consumer = new LateConsumer(Integer.MAX_VALUE, "in", 4);

        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicMetadata.partitions(consumer, "scores", Duration.ofMillis(200)));

        assertEquals("topic scores has no partitions in the cluster metadata after 200 ms; does it exist?", e.getMessage());
        assertTrue(consumer.calls > 1, "it asked more than once before giving up: " + consumer.calls);
    }

    @Test
    void shouldAssignEveryPartitionAndStartEachAtItsBeginning() {
        final LateConsumer consumer = new LateConsumer(1, "in", 2);
        final Map<TopicPartition, Long> beginnings = Map.of(new TopicPartition("in", 0), 5L, new TopicPartition("in", 1), 7L);
        consumer.updateBeginningOffsets(beginnings);
        consumer.updateEndOffsets(Map.of(new TopicPartition("in", 0), 50L, new TopicPartition("in", 1), 70L));

        final List<TopicPartition> assigned = TopicMetadata.assignFromBeginning(consumer, List.of("in"), Duration.ofSeconds(10));

        assertEquals(List.of(new TopicPartition("in", 0), new TopicPartition("in", 1)), assigned);
        assertEquals(Set.copyOf(assigned), consumer.assignment());
        beginnings.forEach((tp, offset) -> assertEquals(offset, consumer.position(tp), "position of " + tp));
    }

    /** Answers {@code partitionsFor} with nothing for the first {@code emptyAnswers} calls, as a lagging broker does. */
    private static final class LateConsumer extends MockConsumer<byte[], byte[]> {

        private final int emptyAnswers;
        private final String topic;
        private final int partitionCount;
        private int calls;

        LateConsumer(final int emptyAnswers, final String topic, final int partitionCount) {
            super("latest"); // so a position at the beginning shows a seek, not the reset policy
            this.emptyAnswers = emptyAnswers;
            this.topic = topic;
            this.partitionCount = partitionCount;
        }

        @Override
        public synchronized List<PartitionInfo> partitionsFor(final String name, final Duration timeout) {
            calls++;
            if (calls <= emptyAnswers || !name.equals(topic)) {
                return List.of();
            }
            final PartitionInfo[] infos = new PartitionInfo[partitionCount];
            for (int p = 0; p < partitionCount; p++) {
                infos[p] = new PartitionInfo(name, p, null, null, null);
            }
            return List.of(infos);
        }
    }
}
