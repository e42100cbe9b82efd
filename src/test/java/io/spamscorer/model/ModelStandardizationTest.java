package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A model whose mean and std take feature values out of the finite range, at load and while scoring. */
class ModelStandardizationTest {

    private static ModelBuilder model(final double mean0, final double std0) {
        return Model.builder().name("m").version("2").features(List.of("a", "b")).weights(new double[] {1.0, 1.0})
                .bias(0.0).threshold(0.5)
                .preprocessing(Transform.LOG1P, new double[] {mean0, 0.0}, new double[] {std0, 1.0});
    }

    @Test
    void shouldRejectAModelThatCannotStandardizeAZero() {
        final ModelException e = assertThrows(ModelException.class, () -> model(0.5, 1e-320).build());
        assertEquals("model.preprocessing.mean[0] = 0.5 and model.preprocessing.std[0] = 1.0E-320"
                + " standardize a feature value of 0 to -Infinity; the result must be a finite number", e.getMessage());
    }

    @Test
    void shouldRejectAHugeMeanThatOverflowsAtZero() {
        final ModelException e = assertThrows(ModelException.class, () -> model(1e308, 0.5).build());
        assertEquals("model.preprocessing.mean[0] = 1.0E308 and model.preprocessing.std[0] = 0.5"
                + " standardize a feature value of 0 to -Infinity; the result must be a finite number", e.getMessage());
    }

    @Test
    void shouldBlameTheStandardizationNotTheTransformWhenAValueOverflows() {
        final Model m = model(0.0, 1e-306).build();
        final ScoringException e = assertThrows(ScoringException.class, () -> m.score(new double[] {1e300, 0.0}, 0));
        assertEquals("features[0] (a) is 1.0E300, which model m version 2 standardizes to Infinity"
                + " (its preprocessing mean 0.0, std 1.0E-306)", e.getMessage());
    }

    @Test
    void shouldStillBlameTheTransformForAValueItCannotTake() {
        final Model m = model(0.0, 1.0).build();
        final ScoringException e = assertThrows(ScoringException.class, () -> m.score(new double[] {-1.0, 0.0}, 0));
        assertEquals("features[0] (a) is -1.0, which log1p cannot transform (it needs a value > -1)", e.getMessage());
    }
}
