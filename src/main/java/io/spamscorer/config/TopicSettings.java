package io.spamscorer.config;

import static io.spamscorer.config.ScorerConfig.DLQ_TOPIC;
import static io.spamscorer.config.ScorerConfig.EMAIL_MAX_BYTES;
import static io.spamscorer.config.ScorerConfig.EXAMPLES_TOPIC;
import static io.spamscorer.config.ScorerConfig.FEATURES_TOPIC;
import static io.spamscorer.config.ScorerConfig.INPUT_FORMAT;
import static io.spamscorer.config.ScorerConfig.INPUT_TOPIC;
import static io.spamscorer.config.ScorerConfig.LABELS_PARTITIONS;
import static io.spamscorer.config.ScorerConfig.LABELS_RETENTION;
import static io.spamscorer.config.ScorerConfig.LABELS_TOPIC;
import static io.spamscorer.config.ScorerConfig.MAX_EMAIL_BYTES;
import static io.spamscorer.config.ScorerConfig.MIN_EMAIL_BYTES;
import static io.spamscorer.config.ScorerConfig.MIN_LABELS_RETENTION;
import static io.spamscorer.config.ScorerConfig.MODEL_TOPIC;
import static io.spamscorer.config.ScorerConfig.OUTPUT_TOPIC;
import static io.spamscorer.config.ScorerConfig.SHADOW_TOPIC;

import io.spamscorer.mail.EmailLimits;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The topics of a {@link ScorerConfig} and the settings that decide which of them are in use: the input format (the
 * features topic is for raw email only) with its size limit, and the label join (the examples topic needs the labels
 * topic) with its retention and partitions. They are read in this order, so that of several bad keys the same one is
 * reported first as ever. Optional topics are null when off.
 */
final class TopicSettings {

    final String inputTopic;
    final String outputTopic;
    final String dlqTopic;
    final String modelTopic;
    final InputFormat inputFormat;
    final EmailLimits emailLimits;
    final String featuresTopic;
    final String labelsTopic;
    final Duration labelsRetention;
    final int labelsPartitions;
    final String examplesTopic;
    final String shadowTopic;

    TopicSettings(final SettingReader reader) {
        this.inputTopic = reader.topic(INPUT_TOPIC);
        this.outputTopic = reader.topic(OUTPUT_TOPIC);
        this.dlqTopic = reader.topic(DLQ_TOPIC);
        this.modelTopic = reader.topic(MODEL_TOPIC);
        this.inputFormat = reader.choice(INPUT_FORMAT, InputFormat.class);
        this.emailLimits = EmailLimits.defaults().withMaxBytes(reader.longInteger(EMAIL_MAX_BYTES, MIN_EMAIL_BYTES, MAX_EMAIL_BYTES));
        this.featuresTopic = reader.featuresTopic(inputFormat);
        this.labelsTopic = reader.optionalTopic(LABELS_TOPIC);
        this.labelsRetention = reader.duration(LABELS_RETENTION, MIN_LABELS_RETENTION);
        this.labelsPartitions = reader.integer(LABELS_PARTITIONS, 1, 10_000);
        this.examplesTopic = reader.optionalTopic(EXAMPLES_TOPIC);
        this.shadowTopic = reader.optionalTopic(SHADOW_TOPIC);
        if (examplesTopic != null && labelsTopic == null) {
            throw reader.invalid(EXAMPLES_TOPIC, "examples are labelled scores, so it needs " + LABELS_TOPIC
                    + " (empty, so off); set " + LABELS_TOPIC + " or leave " + EXAMPLES_TOPIC + " empty");
        }
        requireDistinctTopics();
    }

    /** Every topic key that is set, with its topic, in {@link ScorerConfig#allTopics()} order. */
    Map<String, String> topicKeys() {
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put(INPUT_TOPIC, inputTopic);
        keys.put(OUTPUT_TOPIC, outputTopic);
        keys.put(DLQ_TOPIC, dlqTopic);
        keys.put(MODEL_TOPIC, modelTopic);
        keys.put(FEATURES_TOPIC, featuresTopic);
        keys.put(LABELS_TOPIC, labelsTopic);
        keys.put(EXAMPLES_TOPIC, examplesTopic);
        keys.put(SHADOW_TOPIC, shadowTopic);
        keys.values().removeIf(Objects::isNull);
        return keys;
    }

    private void requireDistinctTopics() {
        final Map<String, String> keys = topicKeys();
        if (new HashSet<>(keys.values()).size() != keys.size()) {
            final List<String> names = List.copyOf(keys.keySet());
            throw new ConfigurationException(String.join(", ", names.subList(0, names.size() - 1)) + " and "
                    + names.get(names.size() - 1) + " must be different topics, got " + String.join(", ", keys.values()));
        }
    }
}
