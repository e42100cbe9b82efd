package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spamscorer.feedback.Example.Label;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How the examples topic is read for the promotion check: the latest record per id, as after compaction. */
class PromotionExamplesTest {

    private static final TopicPartition P0 = new TopicPartition("examples", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private long offset;

    private static byte[] example(final String id, final Label label) {
        return ExampleJson.write(new Example(id, label, null, 2000, 1000, new ModelRef("spam", "1"), 0.9, Label.SPAM,
                new Example.Shadow(new ModelRef("spam", "2"), 0.1, Label.HAM), Map.of("free", 2.0)));
    }

    private ConsumerRecord<byte[], byte[]> record(final String key, final byte[] value) {
        return new ConsumerRecord<>("examples", 0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private PromotionExamples.Read read(final List<ConsumerRecord<byte[], byte[]>> records) {
        final Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions("examples", List.of(new PartitionInfo("examples", 0, node, new Node[] {node}, new Node[] {node})));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, (long) records.size()));
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
        return PromotionExamples.read(consumer, "examples", Duration.ofSeconds(5));
    }

    @Test
    void shouldKeepTheLatestExamplePerIdDropTombstonedIdsAndCountNonExamples() {
        final PromotionExamples.Read read = read(List.of(
                record("a", example("a", Label.SPAM)),
                record("b", example("b", Label.HAM)),
                record("a", example("a", Label.HAM)), // relabelled: this one wins
                record("c", example("c", Label.SPAM)),
                record("c", null), // tombstone: c is gone
                record(null, example("d", Label.SPAM)), // no key: its id is the key
                record("e", "not json".getBytes(StandardCharsets.UTF_8))));

        assertEquals(List.of("b", "a", "d"), List.copyOf(read.latest().keySet()));
        assertEquals(Label.HAM, read.latest().get("a").label());
        assertEquals(Map.of(), read.latest().get("a").features());
        assertEquals(1, read.invalid());
    }
}
