package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleJsonTest {

    private static final ModelRef LIVE = new ModelRef("spambase", "3");
    private static final ModelRef SHADOW = new ModelRef("spambase", "4");

    private static Example full() {
        final Map<String, Double> features = new LinkedHashMap<>();
        features.put("word_freq_free", 1.5);
        features.put("char_freq_!", 0.25);
        return new Example("m-1", Example.Label.SPAM, "user", 2_000L, 1_000L, LIVE, 0.93, Example.Label.SPAM,
                new Example.Shadow(SHADOW, 0.41, Example.Label.HAM), features);
    }

    @Test
    void shouldWriteTheBriefsFieldsInOrder() {
        final String json = new String(ExampleJson.write(full()), StandardCharsets.UTF_8);
        assertEquals("{\"id\":\"m-1\",\"label\":\"spam\",\"labelSource\":\"user\",\"labelAt\":2000,\"scoredAt\":1000,"
                + "\"model\":{\"name\":\"spambase\",\"version\":\"3\"},\"spamProbability\":0.93,\"predicted\":\"spam\","
                + "\"shadow\":{\"model\":{\"name\":\"spambase\",\"version\":\"4\"},\"spamProbability\":0.41,"
                + "\"predicted\":\"ham\"},\"features\":{\"word_freq_free\":1.5,\"char_freq_!\":0.25}}", json);
    }

    @Test
    void shouldReadBackWhatItWrote() {
        assertEquals(full(), ExampleJson.read(ExampleJson.write(full())));
    }

    @Test
    void shouldOmitShadowAndFeaturesWhenAbsentAndWriteANullSource() {
        final Example e = new Example("m-2", Example.Label.HAM, null, 5L, 4L, LIVE, 0.1, Example.Label.HAM, null,
                Map.of());
        final String json = new String(ExampleJson.write(e), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"labelSource\":null"), json);
        assertTrue(!json.contains("shadow") && !json.contains("features"), json);
        final Example back = ExampleJson.read(ExampleJson.write(e));
        assertEquals(e, back);
        assertNull(back.shadow());
    }

    @Test
    void shouldNameTheFieldOfABadValue() {
        assertMessage("{\"label\":\"spam\"}", "id is missing");
        assertMessage(replace("\"label\":\"spam\"", "\"label\":\"maybe\""), "label must be \"spam\" or \"ham\"");
        assertMessage(replace("\"labelAt\":2000", "\"labelAt\":\"soon\""), "labelAt must be an integer");
        assertMessage(replace("\"spamProbability\":0.93", "\"spamProbability\":1.5"), "spamProbability must be");
        assertMessage(replace("\"spamProbability\":0.41", "\"spamProbability\":-1"), "shadow.spamProbability");
        assertMessage(replace("\"version\":\"3\"", "\"version\":3"), "model.version must be a string");
        assertMessage(replace("\"char_freq_!\":0.25", "\"char_freq_!\":\"x\""), "features.char_freq_!");
        assertMessage("[1]", "not a JSON object");
        assertMessage("{", "not JSON");
    }

    @Test
    void shouldReadTombstonesAsNullThroughTheDeserializer() {
        assertNull(ExampleJson.deserializer().deserialize("t", null));
        assertEquals(full(), ExampleJson.deserializer().deserialize("t",
                ExampleJson.serializer().serialize("t", full())));
    }

    private static String replace(final String from, final String to) {
        final String json = new String(ExampleJson.write(full()), StandardCharsets.UTF_8);
        assertTrue(json.contains(from), from);
        return json.replace(from, to);
    }

    private static void assertMessage(final String json, final String expected) {
        final ExampleJson.InvalidExampleException e = assertThrows(ExampleJson.InvalidExampleException.class,
                () -> ExampleJson.read(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
