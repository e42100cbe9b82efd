package io.spamscorer.config;

import static io.spamscorer.config.ScorerConfig.DLQ_TOPIC;
import static io.spamscorer.config.ScorerConfig.EMAIL_MAX_BYTES;
import static io.spamscorer.config.ScorerConfig.EXAMPLES_TOPIC;
import static io.spamscorer.config.ScorerConfig.EXPLAIN_TOP;
import static io.spamscorer.config.ScorerConfig.FEATURES_MISSING;
import static io.spamscorer.config.ScorerConfig.FEATURES_TOPIC;
import static io.spamscorer.config.ScorerConfig.HTTP_BIND;
import static io.spamscorer.config.ScorerConfig.HTTP_PORT;
import static io.spamscorer.config.ScorerConfig.INPUT_FORMAT;
import static io.spamscorer.config.ScorerConfig.INPUT_TOPIC;
import static io.spamscorer.config.ScorerConfig.LABELS_PARTITIONS;
import static io.spamscorer.config.ScorerConfig.LABELS_RETENTION;
import static io.spamscorer.config.ScorerConfig.LABELS_TOPIC;
import static io.spamscorer.config.ScorerConfig.MODEL_PATH;
import static io.spamscorer.config.ScorerConfig.MODEL_TOPIC;
import static io.spamscorer.config.ScorerConfig.OUTPUT_TOPIC;
import static io.spamscorer.config.ScorerConfig.REPLACEMENTS_MAX;
import static io.spamscorer.config.ScorerConfig.REPLACEMENTS_WINDOW;
import static io.spamscorer.config.ScorerConfig.SHADOW_TOPIC;
import static io.spamscorer.config.ScorerConfig.SHUTDOWN_TIMEOUT;
import static io.spamscorer.config.ScorerConfig.TOPICS_CREATE;
import static io.spamscorer.config.ScorerConfig.TOPICS_PARTITIONS;
import static io.spamscorer.config.ScorerConfig.TOPICS_REPLICATION;

import io.spamscorer.config.ConfigSources.Setting;
import io.spamscorer.mail.EmailLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The app's own {@code scorer.*} keys: each with its default, in documentation order ({@link ScorerConfig#DEFAULTS}),
 * and the check that refuses a key not among them, so that a typo fails at startup rather than being ignored.
 */
final class AppKeys {

    private AppKeys() {
    }

    static Map<String, String> defaults() {
        final Map<String, String> d = new LinkedHashMap<>();
        d.put(INPUT_TOPIC, "emails.features");
        d.put(OUTPUT_TOPIC, "emails.scored");
        d.put(DLQ_TOPIC, "emails.features.dlq");
        d.put(MODEL_PATH, "config/model.json");
        d.put(MODEL_TOPIC, "spam-scorer.models");
        d.put(EXPLAIN_TOP, "3");
        d.put(FEATURES_MISSING, "reject");
        d.put(TOPICS_CREATE, "false");
        d.put(TOPICS_PARTITIONS, "4");
        d.put(TOPICS_REPLICATION, "-1");
        d.put(SHUTDOWN_TIMEOUT, "30s");
        d.put(REPLACEMENTS_MAX, "3");
        d.put(REPLACEMENTS_WINDOW, "10m");
        d.put(HTTP_PORT, "8080");
        d.put(HTTP_BIND, "0.0.0.0");
        d.put(INPUT_FORMAT, "features");
        d.put(EMAIL_MAX_BYTES, String.valueOf(EmailLimits.DEFAULT_MAX_BYTES));
        d.put(FEATURES_TOPIC, "");
        d.put(LABELS_TOPIC, "");
        d.put(LABELS_RETENTION, "7d");
        d.put(LABELS_PARTITIONS, "4");
        d.put(EXAMPLES_TOPIC, "");
        d.put(SHADOW_TOPIC, "");
        return Collections.unmodifiableMap(d);
    }

    /** Fails on the first {@code scorer.*} key without a default, naming it, its origin and every known key. */
    static void rejectUnknown(final Map<String, Setting> settings) {
        for (final Map.Entry<String, Setting> e : settings.entrySet()) {
            if (e.getKey().startsWith("scorer.") && !ScorerConfig.DEFAULTS.containsKey(e.getKey())) {
                throw new ConfigurationException("unknown key " + e.getKey() + " (from " + e.getValue().origin()
                        + "); known scorer keys: " + String.join(", ", ScorerConfig.DEFAULTS.keySet()));
            }
        }
    }
}
