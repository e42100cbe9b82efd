package io.spamscorer.ops;

import io.spamscorer.model.ModelException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The keys of the compacted model topic ({@code scorer.model.topic}). A record keyed by a model's name carries that
 * model's JSON and makes it live; the record keyed {@link #SHADOW_KEY} carries the shadow (challenger) model's JSON,
 * and a tombstone on that key removes the shadow. A promotion is one transaction of two records: the shadow's JSON
 * under its model name, then a tombstone on {@link #SHADOW_KEY}; watchers read read_committed, so they see both or
 * neither.
 */
public final class ModelTopicProtocol {

    /** The key of the shadow slot. Not a valid model name by convention: model names are chosen by the publisher. */
    public static final String SHADOW_KEY = "spam-scorer.shadow";

    private static final byte[] SHADOW_KEY_BYTES = SHADOW_KEY.getBytes(StandardCharsets.UTF_8);

    private ModelTopicProtocol() {
    }

    /** The shadow slot's key as record bytes (a fresh copy). */
    public static byte[] shadowKey() {
        return SHADOW_KEY_BYTES.clone();
    }

    /** Whether a record key (null for a keyless record) names the shadow slot. */
    public static boolean isShadowKey(final byte[] key) {
        return key != null && Arrays.equals(key, SHADOW_KEY_BYTES);
    }

    /**
     * The key of a live model record: the model's name in UTF-8.
     *
     * @throws ModelException if the name is the shadow slot's key
     */
    public static byte[] liveKey(final String modelName) {
        Objects.requireNonNull(modelName, "modelName == null");
        if (SHADOW_KEY.equals(modelName)) {
            // a model named like the slot would be read as a shadow, never as live
            throw new ModelException("model.name '" + SHADOW_KEY + "' is reserved for the shadow slot of the model topic;"
                    + " give the model another name");
        }
        return modelName.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The transactional id of {@code promote} for {@code topic}. One id per model topic, so two promotions of the same
     * topic fence each other instead of interleaving their records.
     */
    public static String promoteTransactionalId(final String topic) {
        return "spam-scorer-promote-" + Objects.requireNonNull(topic, "topic == null");
    }
}
