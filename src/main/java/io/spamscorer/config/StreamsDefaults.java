package io.spamscorer.config;

import io.spamscorer.config.ConfigSources.Setting;
import io.spamscorer.stream.DeadLetterDeserializationHandler;
import io.spamscorer.stream.DeadLetterProcessingHandler;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams and client properties of a {@link ScorerConfig}: production defaults (exactly-once v2, the
 * dead-letter handlers, producer batching; for raw email, a producer that takes messages up to
 * {@link ScorerConfig#MAX_EMAIL_BYTES}), then every non-{@code scorer.*} key unchanged, then the checks.
 */
final class StreamsDefaults {

    /** Producer request bound for raw email: the largest scorer.email.max.bytes plus 1 MiB for key and headers. */
    static final long EMAIL_PRODUCER_BYTES = ScorerConfig.MAX_EMAIL_BYTES + 1024 * 1024;

    /** Keys whose values {@link ScorerConfig#describe()} masks. */
    static final Pattern SECRET = Pattern.compile("password|passphrase|secret|jaas|token|credential|private|ssl\\.key|keystore\\.key|user\\.info",
            Pattern.CASE_INSENSITIVE);

    private StreamsDefaults() {
    }

    static Map<String, Object> build(final Map<String, Setting> settings, final SettingReader reader,
                                     final String dlqTopic, final InputFormat format) {
        final Map<String, Object> p = new TreeMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "spam-scorer");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        p.putAll(ScorerConfig.GLOBAL_HANDLER_OPT_IN);
        // Kafka Streams lingers 100 ms per producer batch; 5 ms keeps batching and takes most of that off the latency.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "65536");
        // Scored records are small JSON with repeated field names; lz4 cut what the broker takes per record enough to
        // lift exactly-once throughput by a quarter on a shared 2-core box, for little CPU (BENCHMARKS.md, "Kafka side").
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        if (format == InputFormat.EMAIL) {
            // A dead letter carries the whole raw message (too_large ones only their head): the producer must take
            // any message up to the largest scorer.email.max.bytes plus headers, or the send fails and kills the
            // stream thread instead of dead-lettering.
            p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), String.valueOf(EMAIL_PRODUCER_BYTES));
            p.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), String.valueOf(EMAIL_PRODUCER_BYTES + 32L * 1024 * 1024));
        }
        settings.forEach((k, s) -> {
            if (!k.startsWith("scorer.")) {
                p.put(k, s.value());
            }
        });
        final Object dlq = p.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (dlq != null && !dlq.equals(dlqTopic)) {
            throw new ConfigurationException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " = '" + dlq
                    + "' conflicts with " + ScorerConfig.DLQ_TOPIC + " = '" + dlqTopic + "'; set only " + ScorerConfig.DLQ_TOPIC);
        }
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, dlqTopic);
        final Object bootstrap = p.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new ConfigurationException(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG
                    + " is required: set it in the config file or as " + ConfigSources.envForKey("bootstrap.servers"));
        }
        final Object appId = p.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (appId == null || appId.toString().isBlank()) {
            throw new ConfigurationException(StreamsConfig.APPLICATION_ID_CONFIG + " must not be blank");
        }
        new KafkaSettingsCheck(reader).check(p);
        return p;
    }
}
