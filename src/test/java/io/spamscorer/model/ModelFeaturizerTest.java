package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.features.SpambaseFeaturizer;
import io.spamscorer.features.WordFeaturizer;
import io.spamscorer.json.Json;
import io.spamscorer.testing.MailModels;
import io.spamscorer.train.WordSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The model file's optional {@code featurizer}: read, validated, written back, compared, and the email swap rule. */
class ModelFeaturizerTest {

    private static final String WORDS_SPEC = "{\"type\":\"words\",\"fields\":[\"subject\",\"body\"],\"lowercase\":true,"
            + "\"minLength\":2,\"maxLength\":40,\"maxTokens\":5000,\"value\":\"binary\",\"extraChars\":\"$'-.\",\"numbers\":false}";

    private static String doc(final String featurizer) {
        return "{\"name\":\"w\",\"version\":\"1\",\"features\":[\"free\",\"subject:money\",\"meeting\"],"
                + "\"weights\":[1.5,2,-3],\"bias\":-0.5,\"threshold\":0.5"
                + (featurizer == null ? "" : ",\"featurizer\":" + featurizer) + "}";
    }

    private static Model parse(final String json) {
        return ModelLoader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadAWordsFeaturizerWhoseVocabularyIsTheModelFeatures() {
        final Model m = parse(doc(WORDS_SPEC));
        assertNotNull(m.featurizer());
        assertEquals("words", m.featurizer().type());
        assertEquals(m.features(), m.featurizer().featureNames());
        assertTrue(m.toString().contains("featurizer words"), m.toString());
    }

    @Test
    void shouldLeaveTheFeaturizerOutWhenTheFileHasNone() {
        assertNull(parse(doc(null)).featurizer());
        assertNull(parse(doc("null")).featurizer());
        assertNull(ModelLoader.toTree(parse(doc(null))).get("featurizer"));
    }

    @Test
    void shouldWriteTheFeaturizerRightAfterTheIdentityAndReadItBackEqual() throws IOException {
        final Model m = MailModels.words("mail-words", "3", 11);
        final byte[] json = ModelLoader.toJson(m);
        final JsonNode root = Json.mapper().readTree(json);
        final Iterator<String> names = root.fieldNames();
        assertEquals(List.of("name", "version", "featurizer"), List.of(names.next(), names.next(), names.next()));
        assertEquals(WordSettings.defaults().tokens().fields().size(), root.get("featurizer").get("fields").size());
        final Model back = ModelLoader.parse(json);
        assertEquals(m, back);
        assertEquals(m.featurizer().spec(), back.featurizer().spec());
        assertEquals(m.hashCode(), back.hashCode());
    }

    @Test
    void shouldTellModelsApartByTheirFeaturizer() throws IOException {
        final Model words = parse(doc(WORDS_SPEC));
        assertTrue(!words.equals(parse(doc(null))), "with and without a featurizer");
        final ObjectNode other = (ObjectNode) Json.mapper().readTree(doc(WORDS_SPEC));
        ((ObjectNode) other.get("featurizer")).put("maxTokens", 10);
        assertTrue(!words.equals(ModelLoader.parse(Json.mapper().writeValueAsBytes(other))), "other maxTokens");
    }

    @Test
    void shouldReadTheSpambaseFeaturizerOnTheShippedModel() {
        final Model m = MailModels.spambase();
        assertEquals(SpambaseFeaturizer.TYPE, m.featurizer().type());
        assertNotNull(m.preprocessing());
        assertEquals(m, ModelLoader.parse(ModelLoader.toJson(m)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"words\"                                            | model.featurizer must be an object",
        "{}                                                   | model.featurizer.type is missing",
        "{\"type\":\"bayes\"}                                 | model.featurizer.type must be spambase or words, got 'bayes'",
        "{\"type\":7}                                         | model.featurizer.type must be a string",
        "{\"type\":\"spambase\"}                              | model.features must be the 57 Spambase names",
        "{\"type\":\"words\",\"fields\":[\"body\"]}           | model.featurizer.lowercase",
    })
    void shouldRejectABadFeaturizerNamingTheField(final String featurizer, final String message) {
        final ModelException e = assertThrows(ModelException.class, () -> parse(doc(featurizer)));
        assertTrue(e.getMessage().startsWith(message.strip()), e.getMessage());
    }

    @Test
    void shouldRejectBadWordOptionsNamingTheModelField() {
        final ModelException e = assertThrows(ModelException.class,
                () -> parse(doc(WORDS_SPEC.replace("\"maxTokens\":5000", "\"maxTokens\":\"5000\""))));
        assertTrue(e.getMessage().startsWith("model.featurizer.maxTokens must be an integer"), e.getMessage());
        final ModelException f = assertThrows(ModelException.class,
                () -> parse(doc(WORDS_SPEC.replace("\"binary\"", "\"tfidf\""))));
        assertTrue(f.getMessage().startsWith("model.featurizer.value"), f.getMessage());
    }

    @Test
    void shouldNameTheModelFileWhenTheFeaturizerIsBad() throws IOException {
        final java.nio.file.Path file = java.nio.file.Files.createTempFile("model", ".json");
        try {
            java.nio.file.Files.writeString(file, doc("{\"type\":\"bayes\"}"));
            final ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(file));
            assertTrue(e.getMessage().startsWith(file + ": model.featurizer.type"), e.getMessage());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void shouldReportAMissingFeatureListAsSuchEvenWithAFeaturizer() {
        final ModelException e = assertThrows(ModelException.class, () -> parse(
                "{\"name\":\"w\",\"version\":\"1\",\"weights\":[1],\"bias\":0,\"threshold\":0.5,\"featurizer\":" + WORDS_SPEC + "}"));
        assertEquals("model.features is missing", e.getMessage());
    }

    @Test
    void shouldRefuseABuilderFeaturizerOverOtherFeatures() {
        final ModelException e = assertThrows(ModelException.class, () -> Model.builder().name("w").version("1")
                .features(List.of("a", "b")).weights(new double[] {1, 2}).bias(0).threshold(0.5)
                .featurizer(new WordFeaturizer(WordSettings.defaults().tokens(), List.of("b", "a"))).build());
        assertTrue(e.getMessage().startsWith("model.featurizer (words) computes 2 features that are not model.features"),
                e.getMessage());
    }

    @Test
    void shouldLetAnyVocabularyReplaceAnotherForEmailButNotAModelWithoutFeaturizer() {
        ModelCompatibility.checkEmail(MailModels.words("w", "2", List.of("only", "two"), 3));
        ModelCompatibility.checkEmail(MailModels.spambase());
        final ModelException e = assertThrows(ModelException.class, () -> ModelCompatibility.checkEmail(parse(doc(null))));
        assertTrue(e.getMessage().startsWith("model.featurizer is missing, but scorer.input.format is email"), e.getMessage());
    }
}
