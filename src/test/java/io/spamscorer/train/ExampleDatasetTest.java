package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spamscorer.features.SparseVector;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ModelRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples' named features mapped onto a model's feature list, without Kafka. */
class ExampleDatasetTest {

    private static final List<String> FEATURES = List.of("a", "b", "c");

    static Example example(final String id, final boolean spam, final Map<String, Double> features) {
        return new Example(id, Example.Label.of(spam), "test", 2_000L, 1_000L, new ModelRef("m", "1"), 0.5,
                Example.Label.HAM, null, features);
    }

    private static Map<String, Double> features(final Object... nameValue) {
        final Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void shouldMapNamedFeaturesOntoTheModelsFeatureOrder() {
        final ExampleDataset d = ExampleDataset.of(List.of(example("x", true, features("c", 3, "a", 1))), FEATURES);

        assertEquals(1, d.rows());
        final SparseVector row = d.rowVectors().get(0);
        assertEquals(3, row.dimension());
        assertArrayEquals(new double[] {1, 0, 3}, row.toDense());
        assertArrayEquals(new int[] {1}, d.labels());
        assertEquals(0, d.report().droppedValues());
    }

    @Test
    void shouldDropAndCountNamesTheModelDoesNotHave() {
        final ExampleDataset d = ExampleDataset.of(List.of(
                example("x", true, features("a", 1, "old-token", 1, "gone", 2)),
                example("y", false, features("old-token", 1))), FEATURES);

        assertEquals(2, d.rows());
        assertEquals(Map.of("old-token", 2, "gone", 1), d.report().droppedNames());
        assertEquals(3, d.report().droppedValues());
        assertEquals(1, d.report().noKnownFeature(), "y keeps an all-zero row");
        assertArrayEquals(new double[] {0, 0, 0}, d.rowVectors().get(1).toDense());
        assertEquals("gone, old-token", d.report().droppedSample());
    }

    @Test
    void shouldSkipAndCountExamplesWhoseFeaturesWereNotCaptured() {
        final ExampleDataset d = ExampleDataset.of(List.of(
                example("x", true, Map.of()), example("y", false, features("b", 2))), FEATURES);

        assertEquals(1, d.rows());
        assertEquals(List.of("y"), d.ids());
        assertEquals(2, d.report().examples());
        assertEquals(1, d.report().withoutFeatures());
        assertEquals(0, d.spamCount());
        assertEquals(1, d.hamCount());
    }

    @Test
    void shouldOrderRowsByIdWhateverTheReadOrder() {
        final Example b = example("b", true, features("a", 1));
        final Example a = example("a", false, features("b", 1));

        final ExampleDataset one = ExampleDataset.of(List.of(b, a), FEATURES);
        final ExampleDataset other = ExampleDataset.of(List.of(a, b), FEATURES);

        assertEquals(List.of("a", "b"), one.ids());
        assertEquals(one.rowVectors(), other.rowVectors());
        assertArrayEquals(new int[] {0, 1}, one.labels());
    }

    @Test
    void shouldRefuseTwoExamplesForOneId() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExampleDataset.of(List.of(
                example("x", true, features("a", 1)), example("x", false, features("a", 1))), FEATURES));
        assertEquals("two examples for id x; give the latest per id only", e.getMessage());
    }
}
