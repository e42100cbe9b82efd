package io.spamscorer.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Checks the Kafka settings before anything starts: Kafka's own {@code ConfigDef} validation of the Streams config
 * and of every client config Streams derives from it (main, restore and global consumer, producer, admin), then the
 * bounds the scorer needs that Kafka leaves open. Kafka would otherwise find a bad client setting only when a stream
 * thread builds its client, and it accepts some values (0 stream threads) with which the job never runs.
 */
final class KafkaSettingsCheck {

    private static final Pattern KEY_IN_MESSAGE = Pattern.compile("for configuration ([^\\s:]+)");
    private static final List<String> CLIENT_PREFIXES = List.of("", StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX);

    private final SettingReader settings;

    KafkaSettingsCheck(final SettingReader settings) {
        this.settings = settings;
    }

    /** Throws a {@link ConfigurationException} naming the key of the first setting Kafka or the scorer rejects. */
    void check(final Map<String, Object> props) {
        final StreamsConfig streams;
        try {
            streams = new StreamsConfig(props);
            // Fixed ids: only the values Streams derives matter here, not the names it gives each client.
            new ConsumerConfig(consumer(streams.getMainConsumerConfigs("check", "check", 0)));
            new ConsumerConfig(consumer(streams.getRestoreConsumerConfigs("check")));
            new ConsumerConfig(consumer(streams.getGlobalConsumerConfigs("check")));
            new ProducerConfig(producer(streams.getProducerConfigs("check")));
            new AdminClientConfig(streams.getAdminConfigs("check"));
        } catch (final KafkaException | IllegalArgumentException e) {
            throw new ConfigurationException("invalid Kafka setting: " + e.getMessage() + origin(e.getMessage()), e);
        }
        atLeast(streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG), 1, StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                "with no stream thread the job joins its group but never processes a record");
        final int replication = streams.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        if (replication == 0 || replication < -1) {
            throw settings.invalid(StreamsConfig.REPLICATION_FACTOR_CONFIG,
                    "the replication factor of internal topics must be -1 (the broker's default) or at least 1");
        }
        atLeast(streams.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG), 0, StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
                "it is a number of replicas");
        atLeast(streams.getLong(StreamsConfig.POLL_MS_CONFIG), 0, StreamsConfig.POLL_MS_CONFIG,
                "a negative poll timeout kills every stream thread");
    }

    /** Streams passes byte-array (de)serializer instances to its clients' constructors, not as settings. */
    private static Map<String, Object> consumer(final Map<String, Object> config) {
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static Map<String, Object> producer(final Map<String, Object> config) {
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private void atLeast(final long value, final long min, final String key, final String why) {
        if (value < min) {
            throw settings.invalid(key, "it must be at least " + min + " (" + why + ")");
        }
    }

    /** Kafka names the key (e.g. session.timeout.ms); we add where the user set it, with its prefix if any. */
    private String origin(final String message) {
        final Matcher m = KEY_IN_MESSAGE.matcher(message == null ? "" : message);
        if (!m.find()) {
            return "";
        }
        for (final String prefix : CLIENT_PREFIXES) {
            final String key = prefix + m.group(1);
            if (settings.raw(key) != null) {
                return " (" + key + " from " + settings.where(key) + ")";
            }
        }
        return "";
    }
}
