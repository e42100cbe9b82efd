package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replacement model must keep the reference model's feature names and order unless it refuses positional records. */
class ModelCompatibilityTest {

    private static final Model SHIPPED = ModelLoader.load(Path.of("config/model.json"));
    private static final String REF = "the reference model config/model.json";

    /** The shipped model with features, weights, mean and std reversed: the same model in another order. */
    static Model reversed(final Model m, final ModelInputs inputs) {
        final ObjectNode tree = ModelLoader.toTree(m);
        for (final String field : List.of("/features", "/weights", "/preprocessing/mean", "/preprocessing/std")) {
            final ArrayNode a = (ArrayNode) tree.at(field);
            final List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>();
            a.forEach(items::add);
            a.removeAll();
            for (int i = items.size() - 1; i >= 0; i--) {
                a.add(items.get(i));
            }
        }
        tree.put("inputs", inputs.wireName());
        return ModelLoader.parse(Json.mapper().valueToTree(tree).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseTheSameModelInAnotherOrderNamingTheFirstPositionThatDiffers() {
        final Model candidate = reversed(SHIPPED, ModelInputs.ANY);
        final double[] x = new double[SHIPPED.featureCount()];
        x[SHIPPED.indexOf("char_freq_$")] = 0.5;
        x[SHIPPED.indexOf("word_freq_free")] = 1.2;
        assertTrue(SHIPPED.score(x, 0).spamProbability() - candidate.score(x, 0).spamProbability() > 0.1,
                "a positional record means something else to the reordered model");
        final ModelException e = assertThrows(ModelException.class, () -> ModelCompatibility.check(SHIPPED, REF, candidate));
        assertEquals("model.features[0] is '" + SHIPPED.features().get(56) + "' but " + REF + " has 'word_freq_make' there;"
                + " positional records send values in that order, so a model with other features must declare"
                + " \"inputs\": \"named-only\" (publish-model --allow-feature-change)", e.getMessage());
    }

    @Test
    void shouldAcceptTheSameFeaturesInTheSameOrder() {
        final Model retrained = Model.builder().name("x").version("2").features(SHIPPED.features())
                .weights(new double[SHIPPED.featureCount()]).bias(1).threshold(0.4).build();
        assertDoesNotThrow(() -> ModelCompatibility.check(SHIPPED, REF, retrained));
    }

    @Test
    void shouldRefuseAnExtraFeatureAfterTheSameOnes() {
        final List<String> names = new ArrayList<>(SHIPPED.features());
        names.add("word_freq_new");
        final Model longer = Model.builder().name("x").version("2").features(names).weights(new double[names.size()])
                .bias(0).threshold(0.5).build();
        final ModelException e = assertThrows(ModelException.class, () -> ModelCompatibility.check(SHIPPED, REF, longer));
        assertTrue(e.getMessage().startsWith("model.features has 58 entries but " + REF + " has 57 (positional records send"
                + " exactly 57 values)"), e.getMessage());
    }

    @Test
    void shouldAcceptAnyFeaturesInANamedOnlyModel() {
        assertDoesNotThrow(() -> ModelCompatibility.check(SHIPPED, REF, reversed(SHIPPED, ModelInputs.NAMED_ONLY)));
        final Model words = Model.builder().name("w").version("1").features(List.of("free", "money")).weights(new double[2])
                .bias(0).threshold(0.5).inputs(ModelInputs.NAMED_ONLY).build();
        assertDoesNotThrow(() -> ModelCompatibility.check(SHIPPED, REF, words));
    }

    @Test
    void shouldRefuseAPositionalModelWhenTheReferenceHasNoPositionalOrder() {
        final Model reference = reversed(SHIPPED, ModelInputs.NAMED_ONLY);
        final ModelException e = assertThrows(ModelException.class, () -> ModelCompatibility.check(reference, REF, SHIPPED));
        assertTrue(e.getMessage().startsWith("model.inputs is any but " + REF + " takes named inputs only"), e.getMessage());
    }
}
