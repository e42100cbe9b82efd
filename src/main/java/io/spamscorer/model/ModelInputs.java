package io.spamscorer.model;

import java.util.Locale;

/**
 * Which input records a model scores ({@code "inputs"} in the model file). Positional records carry values in the
 * deployed feature order only, so a model with another vocabulary or order can be swapped in only when it refuses
 * them: {@link #NAMED_ONLY} models dead-letter positional records instead of scoring them in the wrong order.
 */
public enum ModelInputs {
    /** Positional and named records (the default); the feature names and order must match the deployed model. */
    ANY,
    /** Named records only; positional records are dead-lettered. Features may differ from the deployed model. */
    NAMED_ONLY;

    /** The name in the model file: {@code any} or {@code named-only}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value for a wire name, or null when there is none. */
    public static ModelInputs fromWireName(final String s) {
        for (final ModelInputs v : values()) {
            if (v.wireName().equals(s)) {
                return v;
            }
        }
        return null;
    }
}
