package io.spamscorer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic once, from the beginning to the end offsets it had when reading started, without a consumer
 * group: what the model-topic readers, {@code promote} and {@code retrain} do with compacted topics.
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {
    }

    /**
     * Assigns {@code consumer} to every partition of {@code topic} from the beginning and hands each record to
     * {@code each} until every partition reaches its end offset.
     *
     * @return false if the end was not reached within {@code timeout} (the caller says why in its own terms)
     */
    public static boolean readToEnd(final Consumer<byte[], byte[]> consumer, final String topic, final Duration timeout,
                                    final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        final List<TopicPartition> partitions = TopicMetadata.assignFromBeginning(consumer, List.of(topic), timeout);
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(consumer, end)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            consumer.poll(POLL).forEach(each);
        }
        return true;
    }

    /** True once {@code consumer}'s position on every partition of {@code end} has reached its end offset. */
    public static boolean caughtUp(final Consumer<?, ?> consumer, final Map<TopicPartition, Long> end) {
        for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
