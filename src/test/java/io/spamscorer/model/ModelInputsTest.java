package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model file's {@code "inputs"} field: which records a model scores. */
class ModelInputsTest {

    private static final String BASE = "{\"name\":\"m\",\"version\":\"1\",\"features\":[\"a\",\"b\"],\"weights\":[1,2],"
            + "\"bias\":0,\"threshold\":0.5,\"vendor\":{\"x\":1}";

    private static Model parse(final String json) {
        return ModelLoader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldTakeAnyInputsWhenTheFieldIsAbsent() {
        assertEquals(ModelInputs.ANY, parse(BASE + "}").inputs());
        assertEquals(ModelInputs.ANY, parse(BASE + ",\"inputs\":\"any\"}").inputs());
    }

    @Test
    void shouldReadAndWriteNamedOnly() {
        final Model m = parse(BASE + ",\"inputs\":\"named-only\"}");
        assertEquals(ModelInputs.NAMED_ONLY, m.inputs());
        assertEquals(m, ModelLoader.parse(ModelLoader.toJson(m)));
    }

    @Test
    void shouldNotWriteTheDefault() {
        assertEquals(null, ModelLoader.toTree(parse(BASE + "}")).get("inputs"));
    }

    @Test
    void shouldNameTheFieldWhenTheValueIsUnknownOrNotAString() {
        assertEquals("model.inputs must be any or named-only, got 'positional'",
                assertThrows(ModelException.class, () -> parse(BASE + ",\"inputs\":\"positional\"}")).getMessage());
        assertEquals("model.inputs must be a string, got number",
                assertThrows(ModelException.class, () -> parse(BASE + ",\"inputs\":1}")).getMessage());
    }

    @Test
    void shouldSetInputsAndKeepEveryOtherField() throws IOException {
        final byte[] out = ModelLoader.withInputs((BASE + "}").getBytes(StandardCharsets.UTF_8), ModelInputs.NAMED_ONLY);
        final JsonNode tree = Json.mapper().readTree(out);
        assertEquals("named-only", tree.get("inputs").asText());
        assertEquals(1, tree.at("/vendor/x").asInt());
        assertEquals(ModelInputs.NAMED_ONLY, ModelLoader.parse(out).inputs());
    }
}
