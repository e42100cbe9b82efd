package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.spamscorer.config.ScorerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** What every Streams workload is given, and what makes one of them the scorer. */
class WorkloadPropsTest {

    /** Nothing listens here: the admin client the bench's Kafka handle opens is never used. */
    private static final String NO_BROKER = "127.0.0.1:1";

    private static BenchRunner.Settings settings(final Map<String, String> scorerProperties) {
        return new BenchRunner.Settings(1000, NO_BROKER, Path.of("config/model.json"), Path.of("data/spambase.csv"), 4,
                5, 65536, Duration.ofSeconds(5), Duration.ofSeconds(10), 1, 0, 3, 1, 2, BenchRunner.Email.skipped(),
                false, scorerProperties);
    }

    @Test
    void shouldGiveEveryStreamsWorkloadTheFirstReadHookTheBenchsBatchingAndItsOwnAppAndStateDir() {
        try (BenchKafka kafka = new BenchKafka(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER))) {
            final Map<String, String> p = new WorkloadProps(settings(Map.of()), kafka)
                    .streams("bench-x1-b1", Path.of("/tmp/state"), StreamsConfig.AT_LEAST_ONCE, 7);
            assertEquals(NO_BROKER, p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
            assertEquals("bench-x1-b1", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
            assertEquals("/tmp/state", p.get(StreamsConfig.STATE_DIR_CONFIG));
            assertEquals(StreamsConfig.AT_LEAST_ONCE, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
            assertEquals("3", p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
            assertEquals("7", p.get(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)));
            assertEquals("65536", p.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG)));
            assertEquals(FirstRead.class.getName(),
                    p.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG)));
        }
    }

    @Test
    void shouldMakeItTheScorerOverItsTopicsAndAddTheGivenScorerProperties() {
        try (BenchKafka kafka = new BenchKafka(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER))) {
            final WorkloadProps props = new WorkloadProps(settings(Map.of(ScorerConfig.TOPICS_CREATE, "false")), kafka);
            final Map<String, String> features = props.streams("c1", Path.of("/tmp/c1"), StreamsConfig.AT_LEAST_ONCE, 5);
            props.scorer(features, "in", "out", "dlq", Path.of("m.json"), false);
            assertEquals(List.of("in", "out", "dlq", "m.json", "false"), List.of(features.get(ScorerConfig.INPUT_TOPIC),
                    features.get(ScorerConfig.OUTPUT_TOPIC), features.get(ScorerConfig.DLQ_TOPIC),
                    features.get(ScorerConfig.MODEL_PATH), features.get(ScorerConfig.TOPICS_CREATE)));
            assertFalse(features.containsKey(ScorerConfig.INPUT_FORMAT), "feature records: the default input format");

            final Map<String, String> raw = props.streams("e1", Path.of("/tmp/e1"), StreamsConfig.AT_LEAST_ONCE, 5);
            props.scorer(raw, "mail-in", "out-e1", "dlq-e1", Path.of("email.json"), true);
            assertEquals("email", raw.get(ScorerConfig.INPUT_FORMAT));
        }
    }
}
