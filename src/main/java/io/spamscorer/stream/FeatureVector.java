package io.spamscorer.stream;

import io.spamscorer.model.Model;

/**
 * A parsed input record: its id, raw feature values in the order of {@code model}, and the number of named
 * features the model did not know. The array is owned by this value and never shared.
 */
public record FeatureVector(String id, double[] values, Model model, int unknownFeatures) {
}
