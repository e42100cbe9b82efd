package io.spamscorer.bench;

import io.spamscorer.config.ScorerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The client settings the bench gives its workloads: the same broker, batching and measuring hook for all, so that
 * they differ only in what the workload is.
 */
final class WorkloadProps {

    private final BenchRunner.Settings s;
    private final BenchKafka kafka;

    WorkloadProps(final BenchRunner.Settings settings, final BenchKafka kafka) {
        this.s = settings;
        this.kafka = kafka;
    }

    /** The producer of the plain loop and the latency probe, over the bench's broker. */
    Map<String, Object> producer(final int lingerMs) {
        return Preload.producerProps(kafka.clientProps(), lingerMs, s.batchSize());
    }

    /**
     * A Kafka Streams application {@code app} (identity topology or scorer) with its own state directory; a new,
     * mutable map for the caller to add the workload's own settings to.
     */
    Map<String, String> streams(final String app, final Path stateDir, final String guarantee, final int lingerMs) {
        final Map<String, String> p = new HashMap<>();
        kafka.clientProps().forEach((k, v) -> p.put(k, String.valueOf(v)));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        // The scorer's own defaults (see ScorerConfig), so that (b) logs no more than (c) does.
        p.putAll(ScorerConfig.GLOBAL_HANDLER_OPT_IN);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(s.streamThreads()));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Integer.toString(lingerMs));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(s.batchSize()));
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), FirstRead.class.getName());
        return p;
    }

    /**
     * Adds to {@code p} what makes it the scorer over {@code in} with {@code model} (raw email input when
     * {@code email}), then the scorer properties given, which {@link BenchRunner#OWN_KEYS} keep off the keys set here.
     */
    void scorer(final Map<String, String> p, final String in, final String out, final String dlq, final Path model,
                final boolean email) {
        p.put(ScorerConfig.INPUT_TOPIC, in);
        p.put(ScorerConfig.OUTPUT_TOPIC, out);
        p.put(ScorerConfig.DLQ_TOPIC, dlq);
        p.put(ScorerConfig.MODEL_PATH, model.toString());
        if (email) {
            p.put(ScorerConfig.INPUT_FORMAT, "email");
        }
        p.putAll(s.scorerProperties());
    }
}
