package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Transform;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShippedModelTest {

    @Test
    void shouldShipSpambaseModelWithMetricsAndAttribution() {
        final Model m = ModelLoader.load(Path.of("config/model.json"));
        final Dataset data = Dataset.read(Path.of("data/spambase.csv"), "spam");
        assertEquals("spambase-logreg", m.name());
        assertEquals("1", m.version());
        assertEquals(data.features(), m.features());
        assertEquals(Transform.LOG1P, m.preprocessing().transform());
        final JsonNode t = m.training();
        assertEquals(data.sha256(), t.get("data").get("sha256").asText(), "trained on the project's copy");
        assertEquals(4601, t.get("data").get("rows").asInt());
        assertEquals(1813, t.get("data").get("spam").asInt());
        assertEquals(2788, t.get("data").get("ham").asInt());
        final JsonNode cv = t.get("crossValidation");
        assertEquals(10, cv.get("folds").asInt());
        assertEquals(42, cv.get("seed").asInt());
        assertEquals(0.5, cv.get("threshold").asDouble());
        assertTrue(cv.get("accuracy").asDouble() >= 0.935);
        assertTrue(cv.get("rocAuc").asDouble() >= 0.975);
        assertTrue(t.get("attribution").asText().contains("10.24432/C53G6X"));
        assertTrue(t.get("attribution").asText().contains("CC BY 4.0"));
        // Sanity check the weights themselves: the in-sample fit cannot be worse than the held-out figures.
        final Metrics fit = Evaluation.run(m, data).metrics();
        assertTrue(fit.accuracy() >= 0.935, "in-sample accuracy " + fit.accuracy());
    }
}
