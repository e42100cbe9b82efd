package io.spamscorer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturizerSpecTest {

    private static final WordOptions OPTIONS = new WordOptions(true, 2, 40, 5000, "binary", "$'-.", false,
            List.of("subject", "headers", "body"));

    private static ObjectNode modelWith(final Featurizer f) {
        final ObjectNode root = Json.mapper().createObjectNode();
        root.put("name", "m");
        f.featureNames().forEach(root.putArray("features")::add);
        return FeaturizerSpec.attach(root, f);
    }

    @Test
    void shouldReadBackTheWordsFeaturizerItWrote() {
        final WordFeaturizer f = new WordFeaturizer(OPTIONS, List.of("click", "subject:free"));
        final Featurizer back = FeaturizerSpec.fromModel(modelWith(f));
        final WordFeaturizer w = assertInstanceOf(WordFeaturizer.class, back);
        assertEquals(OPTIONS, w.options());
        assertEquals(f.featureNames(), w.featureNames());
        assertEquals(f.spec(), w.spec());
    }

    @Test
    void shouldWriteEveryOptionTheTokensDependOn() {
        assertEquals("{\"type\":\"words\",\"fields\":[\"subject\",\"headers\",\"body\"],\"lowercase\":true,\"minLength\":2,"
                + "\"maxLength\":40,\"maxTokens\":5000,\"value\":\"binary\",\"extraChars\":\"$'-.\",\"numbers\":false}",
                new WordFeaturizer(OPTIONS, List.of("x1")).spec().toString());
    }

    @Test
    void shouldReadTheSpambaseFeaturizerOnlyWithTheSpambaseFeatureNames() {
        final SpambaseFeaturizer s = new SpambaseFeaturizer();
        assertInstanceOf(SpambaseFeaturizer.class, FeaturizerSpec.fromModel(modelWith(s)));
        final FeaturizerException e = assertThrows(FeaturizerException.class,
                () -> FeaturizerSpec.read(s.spec(), List.of("word_freq_make")));
        assertEquals("model.features must be the 57 Spambase names in spambase.names order for featurizer type spambase",
                e.getMessage());
    }

    @Test
    void shouldNameTheFieldOfABadSpec() {
        final List<String> names = List.of("a1");
        final ObjectNode spec = new WordFeaturizer(OPTIONS, names).spec();
        assertEquals("model.featurizer.minLength must be an integer, got \"2\"",
                message(spec.deepCopy().put("minLength", "2"), names));
        assertEquals("model.featurizer.maxTokens is missing", message(remove(spec, "maxTokens"), names));
        assertEquals("model.featurizer.value must be binary or log1p, got 'tfidf'", message(spec.deepCopy().put("value", "tfidf"), names));
        assertEquals("model.featurizer.fields[1] is 'received'; known fields: body, from, headers, mailer, relays, subject, types, url",
                message(withFields(spec, "body", "received"), names));
        assertEquals("model.featurizer.type must be spambase or words, got 'bayes'", message(spec.deepCopy().put("type", "bayes"), names));
        assertEquals("model.featurizer.lowercase must be true or false", message(spec.deepCopy().put("lowercase", 1), names));
        assertEquals("model.featurizer is missing; a model scoring raw email must say how its features are computed",
                assertThrows(FeaturizerException.class, () -> FeaturizerSpec.fromModel(Json.mapper().createObjectNode())).getMessage());
    }

    private static ObjectNode remove(final ObjectNode spec, final String field) {
        final ObjectNode copy = spec.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static ObjectNode withFields(final ObjectNode spec, final String... fields) {
        final ObjectNode copy = spec.deepCopy();
        final var array = copy.putArray("fields");
        for (final String f : fields) {
            array.add(f);
        }
        return copy;
    }

    private static String message(final ObjectNode spec, final List<String> names) {
        return assertThrows(FeaturizerException.class, () -> FeaturizerSpec.read(spec, names)).getMessage();
    }
}
