package io.spamscorer.model;

import java.util.List;

/**
 * Whether a replacement model can take over from the reference model ({@code scorer.model.path}) without breaking
 * producers. Positional records carry values in the reference model's feature order, so a model that scores them
 * must have the same feature names in the same order; a model with {@code "inputs": "named-only"} refuses
 * positional records (they are dead-lettered), so its features may differ. Raw-email input
 * ({@code scorer.input.format=email}, {@link #checkEmail}) has no producer-side feature order at all: the model's own
 * featurizer computes the vector, so any vocabulary may replace another, but a model without a featurizer cannot
 * score a message.
 */
public final class ModelCompatibility {

    private static final String HINT = "; positional records send values in that order, so a model with other features"
            + " must declare \"inputs\": \"named-only\" (publish-model --allow-feature-change)";

    private ModelCompatibility() {
    }

    /**
     * Checks that {@code candidate} can score raw messages ({@code scorer.input.format=email}): it must carry a
     * {@code featurizer}. Its features, their order and count are free, since it computes them itself.
     *
     * @throws ModelException naming {@code model.featurizer}
     */
    public static void checkEmail(final Model candidate) {
        if (candidate.featurizer() == null) {
            throw new ModelException("model.featurizer is missing, but scorer.input.format is email: a model scoring raw"
                    + " messages must say how its features are computed from a message");
        }
    }

    /**
     * Checks {@code candidate} against {@code reference}.
     *
     * @param referenceName how to name the reference in a message, e.g. {@code "the model file config/model.json"}
     * @throws ModelException naming the first difference
     */
    public static void check(final Model reference, final String referenceName, final Model candidate) {
        if (candidate.inputs() == ModelInputs.NAMED_ONLY) {
            return;
        }
        if (reference.inputs() == ModelInputs.NAMED_ONLY) {
            throw new ModelException("model.inputs is " + ModelInputs.ANY.wireName() + " but " + referenceName
                    + " takes named inputs only, so there is no positional feature order to keep; declare \"inputs\": \""
                    + ModelInputs.NAMED_ONLY.wireName() + "\"");
        }
        final List<String> expected = reference.features();
        final List<String> actual = candidate.features();
        final int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new ModelException("model.features[" + i + "] is '" + actual.get(i) + "' but " + referenceName
                        + " has '" + expected.get(i) + "' there" + HINT);
            }
        }
        if (actual.size() != expected.size()) {
            throw new ModelException("model.features has " + actual.size() + " entries but " + referenceName + " has "
                    + expected.size() + " (positional records send exactly " + expected.size() + " values)" + HINT);
        }
    }
}
