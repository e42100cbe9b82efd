package io.spamscorer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelLoaderTest {

    private static final String PRE = "{\"transform\":\"log1p\",\"mean\":[0.5,1,2],\"std\":[1,2,0.5]}";

    /** Builds a model document; a null part is left out, so each test can break exactly one field. */
    private static final class Doc {
        String name = "\"m\"";
        String version = "\"1.0\"";
        String features = "[\"a\",\"b\",\"c\"]";
        String weights = "[2.0,-1,0.5]";
        String bias = "-0.5";
        String threshold = "0.5";
        String preprocessing = PRE;
        String extra = "";

        String json() {
            final List<String> parts = new ArrayList<>();
            add(parts, "name", name);
            add(parts, "version", version);
            add(parts, "features", features);
            add(parts, "weights", weights);
            add(parts, "bias", bias);
            add(parts, "threshold", threshold);
            add(parts, "preprocessing", preprocessing);
            if (!extra.isEmpty()) {
                parts.add(extra);
            }
            return "{" + String.join(",", parts) + "}";
        }

        private static void add(final List<String> parts, final String field, final String value) {
            if (value != null) {
                parts.add("\"" + field + "\":" + value);
            }
        }
    }

    private static Model parse(final String json) {
        return ModelLoader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private interface Edit {
        void apply(Doc d);
    }

    private static Arguments bad(final String message, final Edit edit) {
        final Doc d = new Doc();
        edit.apply(d);
        return Arguments.of(message, d.json());
    }

    static Stream<Arguments> invalidModels() {
        return Stream.of(
                bad("model.name is missing", d -> d.name = null),
                bad("model.name is missing", d -> d.name = "null"),
                bad("model.name is blank", d -> d.name = "\" \""),
                bad("model.name must be a string, got number", d -> d.name = "3"),
                bad("model.version is missing", d -> d.version = null),
                bad("model.version is blank", d -> d.version = "\"\""),
                bad("model.name has a control character (U+001B) at index 4", d -> d.name = "\"evil\\u001b[2J\""),
                bad("model.version has a control character (U+000A) at index 1", d -> d.version = "\"1\\n2\""),
                bad("model.version must be a string, got number", d -> d.version = "1.0"),
                bad("model.features is missing", d -> d.features = null),
                bad("model.features must be an array of strings", d -> d.features = "\"a,b,c\""),
                bad("model.features is empty; a model needs at least one feature", d -> {
                    d.features = "[]";
                    d.weights = "[]";
                    d.preprocessing = null;
                }),
                bad("model.features[1] must be a string", d -> d.features = "[\"a\",2,\"c\"]"),
                bad("model.features[2] is blank", d -> d.features = "[\"a\",\"b\",\"  \"]"),
                bad("model.features[2] repeats 'a' (first at model.features[0])", d -> d.features = "[\"a\",\"b\",\"a\"]"),
                bad("model.weights is missing", d -> d.weights = null),
                bad("model.weights must be an array of numbers", d -> d.weights = "{\"a\":1}"),
                bad("model.weights has 2 entries but model.features has 3", d -> d.weights = "[1,2]"),
                bad("model.weights has 4 entries but model.features has 3", d -> d.weights = "[1,2,3,4]"),
                bad("model.weights[1] must be a number, got string '3.5'", d -> d.weights = "[1,\"3.5\",2]"),
                bad("model.weights[0] must be a number, got boolean", d -> d.weights = "[true,1,2]"),
                bad("model.weights[2] is null; it must be a finite number", d -> d.weights = "[1,2,null]"),
                bad("model.weights[1] is NaN", d -> d.weights = "[1,NaN,2]"),
                bad("model.weights[1]", d -> d.weights = "[1,1e400,2]"),
                bad("model.weights[0]", d -> d.weights = "[-Infinity,1,2]"),
                bad("model.bias is missing", d -> d.bias = null),
                bad("model.bias is missing", d -> d.bias = "null"),
                bad("model.bias must be a number, got string '0.1'", d -> d.bias = "\"0.1\""),
                bad("model.bias", d -> d.bias = "1e400"),
                bad("model.bias is NaN", d -> d.bias = "NaN"),
                bad("model.threshold is missing", d -> d.threshold = null),
                bad("model.threshold must be a number, got string '0.5'", d -> d.threshold = "\"0.5\""),
                bad("model.threshold must be > 0 and < 1, got 0.0", d -> d.threshold = "0"),
                bad("model.threshold must be > 0 and < 1, got 1.0", d -> d.threshold = "1"),
                bad("model.threshold must be > 0 and < 1, got -0.2", d -> d.threshold = "-0.2"),
                bad("model.threshold must be > 0 and < 1, got 1.5", d -> d.threshold = "1.5"),
                bad("model.threshold is NaN", d -> d.threshold = "NaN"),
                bad("model.preprocessing must be an object", d -> d.preprocessing = "\"log1p\""),
                bad("model.preprocessing.transform is missing", d -> d.preprocessing = "{\"mean\":[0,0,0],\"std\":[1,1,1]}"),
                bad("model.preprocessing.transform must be a string", d -> d.preprocessing =
                        "{\"transform\":1,\"mean\":[0,0,0],\"std\":[1,1,1]}"),
                bad("model.preprocessing.transform must be log1p or none, got 'sqrt'", d -> d.preprocessing =
                        "{\"transform\":\"sqrt\",\"mean\":[0,0,0],\"std\":[1,1,1]}"),
                bad("model.preprocessing.mean is missing", d -> d.preprocessing = "{\"transform\":\"none\",\"std\":[1,1,1]}"),
                bad("model.preprocessing.std is missing", d -> d.preprocessing = "{\"transform\":\"none\",\"mean\":[0,0,0]}"),
                bad("model.preprocessing.mean has 2 entries but model.features has 3", d -> d.preprocessing =
                        "{\"transform\":\"none\",\"mean\":[0,0],\"std\":[1,1,1]}"),
                bad("model.preprocessing.std has 4 entries but model.features has 3", d -> d.preprocessing =
                        "{\"transform\":\"none\",\"mean\":[0,0,0],\"std\":[1,1,1,1]}"),
                bad("model.preprocessing.mean[1] must be a number, got string '0'", d -> d.preprocessing =
                        "{\"transform\":\"none\",\"mean\":[0,\"0\",0],\"std\":[1,1,1]}"),
                bad("model.preprocessing.mean[2]", d -> d.preprocessing =
                        "{\"transform\":\"none\",\"mean\":[0,0,1e400],\"std\":[1,1,1]}"),
                bad("model.preprocessing.std[1] must be > 0, got 0.0", d -> d.preprocessing =
                        "{\"transform\":\"log1p\",\"mean\":[0,0,0],\"std\":[1,0,1]}"),
                bad("model.preprocessing.std[2] must be > 0, got -1.0", d -> d.preprocessing =
                        "{\"transform\":\"log1p\",\"mean\":[0,0,0],\"std\":[1,1,-1]}"),
                bad("model.preprocessing.std[0] is NaN", d -> d.preprocessing =
                        "{\"transform\":\"log1p\",\"mean\":[0,0,0],\"std\":[NaN,1,1]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidModels")
    void shouldRejectInvalidFieldWithMessageNamingIt(final String message, final String json) {
        final ModelException e = assertThrows(ModelException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in '" + e.getMessage() + "' for " + json);
    }

    @Test
    void shouldRejectNonFiniteNumbersSayingSo() {
        for (final String bad : List.of("1e400", "-1e400", "Infinity", "-Infinity")) {
            final Doc d = new Doc();
            d.bias = bad;
            final ModelException e = assertThrows(ModelException.class, () -> parse(d.json()), bad);
            assertTrue(e.getMessage().startsWith("model.bias "), e.getMessage());
            assertTrue(e.getMessage().contains("finite"), e.getMessage());
        }
    }

    @Test
    void shouldReportTheSpambaseSizedMismatchAsDocumented() {
        final StringBuilder features = new StringBuilder("[");
        final StringBuilder weights = new StringBuilder("[");
        for (int i = 0; i < 57; i++) {
            features.append(i == 0 ? "" : ",").append("\"f").append(i).append('"');
            if (i < 56) {
                weights.append(i == 0 ? "" : ",").append("0.1");
            }
        }
        final Doc d = new Doc();
        d.features = features.append(']').toString();
        d.weights = weights.append(']').toString();
        d.preprocessing = null;
        final ModelException e = assertThrows(ModelException.class, () -> parse(d.json()));
        assertEquals("model.weights has 56 entries but model.features has 57", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("notModels")
    void shouldRejectDocumentsThatAreNotModelObjects(final String json, final String message) {
        final ModelException e = assertThrows(ModelException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    static Stream<Arguments> notModels() {
        return Stream.of(
                Arguments.of("", "model must be a JSON object"),
                Arguments.of("[1,2]", "model must be a JSON object"),
                Arguments.of("\"model\"", "model must be a JSON object"),
                Arguments.of("{\"name\":", "model is not valid JSON"),
                Arguments.of("{\"name\":\"a\",\"name\":\"b\"}", "model is not valid JSON"),
                Arguments.of(new Doc().json() + " {}", "model is not valid JSON"));
    }

    @Test
    void shouldLoadValidModelAndIgnoreUnknownFields() {
        final Doc d = new Doc();
        d.extra = "\"comment\":\"hi\",\"future\":{\"x\":[1,2,{\"y\":null}]},\"calibration\":[0.1]";
        final Model m = parse(d.json());
        assertEquals("m", m.name());
        assertEquals("1.0", m.version());
        assertEquals(List.of("a", "b", "c"), m.features());
        assertArrayEquals(new double[] {2.0, -1.0, 0.5}, m.weights(), 0.0);
        assertEquals(-0.5, m.bias(), 0.0);
        assertEquals(0.5, m.threshold(), 0.0);
        assertEquals(Transform.LOG1P, m.preprocessing().transform());
        assertArrayEquals(new double[] {0.5, 1, 2}, m.preprocessing().mean(), 0.0);
        assertArrayEquals(new double[] {1, 2, 0.5}, m.preprocessing().std(), 0.0);
        assertEquals(1, m.indexOf("b"));
        assertEquals(-1, m.indexOf("zzz"));
    }

    @Test
    void shouldTreatMissingOrNullPreprocessingAsNone() {
        final Doc d = new Doc();
        d.preprocessing = null;
        assertNull(parse(d.json()).preprocessing());
        d.preprocessing = "null";
        assertNull(parse(d.json()).preprocessing());
    }

    @Test
    void shouldLoadTinyModelFromFile() {
        final Model m = ModelLoader.load(Path.of("src/test/resources/tiny-model.json"));
        assertEquals("tiny", m.name());
        assertEquals("7", m.version());
        assertEquals(3, m.featureCount());
    }

    @Test
    void shouldNameTheFileWhenItIsMissing(@TempDir final Path dir) {
        final Path missing = dir.resolve("nope.json");
        final ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(missing));
        assertEquals("model file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void shouldPrefixFileErrorsWithThePath(@TempDir final Path dir) throws IOException {
        final Doc d = new Doc();
        d.weights = "[1,2]";
        final Path file = dir.resolve("bad.json");
        Files.writeString(file, d.json());
        final ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(file));
        assertEquals(file + ": model.weights has 2 entries but model.features has 3", e.getMessage());
    }

    @Test
    void shouldRoundTripThroughJson() throws IOException {
        final Random random = new Random(42);
        final int n = 57;
        final List<String> names = new ArrayList<>();
        final double[] w = new double[n];
        final double[] mean = new double[n];
        final double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            names.add("feature_" + i + (i % 7 == 0 ? "_\u00e9;(" : ""));
            w[i] = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            mean[i] = random.nextDouble() - 0.5;
            std[i] = random.nextDouble() + Double.MIN_VALUE;
        }
        w[3] = -0.0;
        w[4] = Double.MIN_VALUE;
        w[5] = -Double.MAX_VALUE;
        w[6] = 0.1 + 0.2;
        final JsonNode training = Json.mapper().readTree("{\"seed\":42,\"data\":{\"sha256\":\"abc\"},\"auc\":0.98}");
        final Model m = Model.builder().name("round").version("v9").features(names).weights(w).bias(-1.0 / 3.0)
                .threshold(0.4242424242424242).preprocessing(Transform.LOG1P, mean, std).training(training).build();
        final Model back = ModelLoader.parse(ModelLoader.toJson(m));
        assertEquals(m, back);
        assertEquals(m.hashCode(), back.hashCode());
        assertArrayEquals(m.weights(), back.weights(), 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.weights()[3]));
        assertEquals(training, back.training());
        assertEquals(Json.mapper().readTree(ModelLoader.toJson(m)), Json.mapper().readTree(ModelLoader.toJson(back)));
    }

    @Test
    void shouldRoundTripModelWithoutPreprocessing() {
        final Model m = Model.builder().name("n").version("1").features(List.of("x", "y")).weights(new double[] {1e-300, 3})
                .bias(0).threshold(0.5).build();
        final Model back = ModelLoader.parse(ModelLoader.toJson(m));
        assertEquals(m, back);
        assertNull(back.preprocessing());
        assertNull(back.training());
    }

    @Test
    void shouldWriteTheDocumentedFields() throws IOException {
        final JsonNode tree = Json.mapper().readTree(ModelLoader.toJson(parse(new Doc().json())));
        for (final String field : List.of("name", "version", "features", "weights", "bias", "threshold", "preprocessing")) {
            assertNotNull(tree.get(field), field);
        }
        assertEquals("log1p", tree.at("/preprocessing/transform").asText());
    }

    @Test
    void shouldValidateInBuilderToo() {
        final ModelException e = assertThrows(ModelException.class, () -> Model.builder().name("n").version("1")
                .features(List.of("x")).weights(new double[] {Double.NaN}).bias(0).threshold(0.5).build());
        assertTrue(e.getMessage().startsWith("model.weights[0] is NaN"), e.getMessage());
    }

    @Test
    void shouldNotShareArraysWithCallers() {
        final double[] w = {1.0, 2.0};
        final Model m = Model.builder().name("n").version("1").features(List.of("x", "y")).weights(w).bias(0)
                .threshold(0.5).build();
        w[0] = 100.0;
        m.weights()[1] = 100.0;
        assertArrayEquals(new double[] {1.0, 2.0}, m.weights(), 0.0);
    }
}
