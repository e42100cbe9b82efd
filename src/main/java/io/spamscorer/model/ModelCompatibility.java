package io.spamscorer.model;

/**
 * Whether a replacement model can take over from the deployed one without breaking producers: positional inputs
 * send exactly n values, so the feature count must stay the same.
 */
public final class ModelCompatibility {

    private ModelCompatibility() {
    }

    public static void check(final Model deployed, final Model candidate) {
        if (candidate.featureCount() != deployed.featureCount()) {
            throw new ModelException("model.features has " + candidate.featureCount() + " entries but the running job expects "
                    + deployed.featureCount() + " (positional input records send exactly " + deployed.featureCount() + " values)");
        }
    }
}
