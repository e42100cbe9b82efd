package io.spamscorer.ops;

import io.spamscorer.model.ModelLoader;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka settings that let the model topic carry a model as large as a model file may be
 * ({@link ModelLoader#MAX_MODEL_BYTES}, 64 MiB): the broker's default record-batch limit (about 1 MiB) and the
 * producer's default request size (1 MiB) would refuse a word-level model.
 */
public final class ModelTopicSettings {

    /** The model topic's {@code max.message.bytes}: the largest model plus room for the key and batch overhead. */
    public static final int MAX_MESSAGE_BYTES = ModelLoader.MAX_MODEL_BYTES + 1024 * 1024;

    private ModelTopicSettings() {
    }

    /** Configs of a model topic the scorer creates: compacted, so the latest model per name stays, and large records. */
    public static Map<String, String> topicConfigs() {
        return Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    }

    /**
     * Producer settings for publishing one model. The size check on the producer is on the uncompressed record, the
     * broker's on the compressed batch, so a model under the file limit passes both; gzip (in the JDK, no native
     * library) keeps the topic and every instance's fetch small.
     */
    public static Map<String, Object> producerOverrides() {
        return Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, (long) MAX_MESSAGE_BYTES * 2,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    }
}
