package io.spamscorer.feedback;

import io.spamscorer.features.SparseVector;
import io.spamscorer.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A feature vector as the named, non-zero values an {@link Example} carries (a vocabulary has tens of thousands). */
public final class CapturedFeatures {

    private CapturedFeatures() {
    }

    /** Feature-record input: {@code values} in the order of {@code model}'s features. */
    public static Map<String, Double> of(final Model model, final double[] values) {
        final List<String> names = model.features();
        final Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length && i < names.size(); i++) {
            if (values[i] != 0.0 && Double.isFinite(values[i])) {
                out.put(names.get(i), values[i]);
            }
        }
        return out;
    }

    /** Raw-email input: the featurized vector, whose indices are {@code model}'s features. */
    public static Map<String, Double> of(final Model model, final SparseVector x) {
        final List<String> names = model.features();
        final Map<String, Double> out = new LinkedHashMap<>(x.size() * 2);
        for (int k = 0; k < x.size(); k++) {
            if (x.value(k) != 0.0 && Double.isFinite(x.value(k))) {
                out.put(names.get(x.index(k)), x.value(k));
            }
        }
        return out;
    }
}
