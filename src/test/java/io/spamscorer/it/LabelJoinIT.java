package io.spamscorer.it;

import static io.spamscorer.it.SharedKafka.string;
import static io.spamscorer.it.SharedKafka.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ExampleJson;
import io.spamscorer.feedback.ModelQuality;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import io.spamscorer.feedback.QualityReader;
import io.spamscorer.feedback.QualityReaders;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labels join on the real broker: the input (3 partitions, keyed by something other than the id) and the labels
 * (1 partition, keyed by id) are partitioned differently, so every example proves the repartitioning by id; then a
 * second instance with an empty state directory restores the exact counts from the changelogs.
 */
class LabelJoinIT {

    private static final int N = 30;
    private static final ModelRef TINY = new ModelRef("tiny", "7");

    @TempDir
    Path tmp;

    @Test
    void shouldJoinDifferentlyPartitionedLabelsAndRestoreExactCountsIntoAnEmptyStateDirectory() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("join", 3);
        final String labels = topics.input() + ".labels";
        final String examples = topics.input() + ".examples";
        SharedKafka.broker().createTopics(Map.of(labels, 1, examples, 2));
        final Map<String, String> overrides = new HashMap<>();
        overrides.put("application.id", SharedKafka.uniqueName("join-app"));
        overrides.put(ScorerConfig.MODEL_PATH, SharedKafka.resource("tiny-model.json").toString());
        overrides.put(ScorerConfig.LABELS_TOPIC, labels);
        overrides.put(ScorerConfig.EXAMPLES_TOPIC, examples);
        overrides.put(ScorerConfig.LABELS_PARTITIONS, "2");
        overrides.put(ScorerConfig.HTTP_PORT, "0");

        // id m-i: predicted spam when i is even; labelled ham when i % 3 == 0, else spam
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < N; i++) {
            final boolean predicted = i % 2 == 0, spam = i % 3 != 0;
            tp += predicted && spam ? 1 : 0;
            fp += predicted && !spam ? 1 : 0;
            tn += !predicted && !spam ? 1 : 0;
            fn += !predicted && spam ? 1 : 0;
        }
        final QualityCounts expected = new QualityCounts(tp, fp, tn, fn);

        final ScorerConfig first = SharedKafka.config(topics, tmp.resolve("a"), overrides);
        try (ScorerRuntime runtime = new ScorerRuntime(first, SharedKafka.holder(SharedKafka.tinyModel()), ScoringListener.NONE);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            SharedKafka.startAndAwaitRunning(runtime);
            for (int i = 0; i < N; i++) {
                final String id = "m-" + i;
                final String features = i % 2 == 0 ? "[1,0,0]" : "[0,0,0]";
                producer.send(new ProducerRecord<>(topics.input(), utf8("key-" + (N - i)),
                        utf8("{\"id\":\"" + id + "\",\"features\":" + features + "}"))).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(labels, utf8(id),
                        utf8("{\"id\":\"" + id + "\",\"label\":\"" + (i % 3 != 0 ? "spam" : "ham") + "\"}")))
                        .get(30, TimeUnit.SECONDS);
            }
            final List<ConsumerRecord<byte[], byte[]>> out = SharedKafka.readAll(List.of(examples), N);
            assertEquals(N, out.size(), "one example per labelled id");
            final Map<String, Example> byId = new HashMap<>();
            for (final ConsumerRecord<byte[], byte[]> r : out) {
                final Example e = ExampleJson.read(r.value());
                assertEquals(e.id(), string(r.key()));
                assertNull(byId.put(e.id(), e), "twice: " + e.id());
            }
            for (int i = 0; i < N; i++) {
                final Example e = byId.get("m-" + i);
                assertEquals(i % 3 != 0 ? Example.Label.SPAM : Example.Label.HAM, e.label(), e.id());
                assertEquals(Example.Label.of(i % 2 == 0), e.predicted(), e.id());
            }
            awaitTotal(QualityReaders.of(runtime.streams(), first), expected, "first instance");
        }

        // a fresh state directory: the join state can only come back from the changelogs
        final ScorerConfig second = SharedKafka.config(topics, tmp.resolve("b"), overrides);
        try (ScorerRuntime runtime = new ScorerRuntime(second, SharedKafka.holder(SharedKafka.tinyModel()), ScoringListener.NONE);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            SharedKafka.startAndAwaitRunning(runtime);
            final QualityReader reader = QualityReaders.of(runtime.streams(), second);
            awaitTotal(reader, expected, "restored instance");
            // m-1 (predicted ham, labelled spam: fn) is corrected to ham (tn), counted once on the restored state
            producer.send(new ProducerRecord<>(labels, utf8("m-1"), utf8("{\"id\":\"m-1\",\"label\":\"ham\"}")))
                    .get(30, TimeUnit.SECONDS);
            awaitTotal(reader, new QualityCounts(tp, fp, tn + 1, fn - 1), "after a contradicting label");
        }
    }

    private static void awaitTotal(final QualityReader reader, final QualityCounts expected, final String what)
            throws InterruptedException {
        SharedKafka.await(what + " counts " + expected, () -> total(reader).equals(expected),
                () -> "(read " + reader.read() + ")");
        final ModelQuality q = reader.read().get(0);
        assertEquals(TINY, q.model());
        assertEquals(0, q.awaitingLabel(), what);
    }

    private static QualityCounts total(final QualityReader reader) {
        return reader.read().stream().filter(q -> q.model().equals(TINY)).map(ModelQuality::total).findFirst()
                .orElse(QualityCounts.ZERO);
    }
}
