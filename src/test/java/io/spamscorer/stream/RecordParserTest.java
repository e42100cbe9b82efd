package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelInputs;
import io.spamscorer.model.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unit tests of the input-record parser against the tiny model (features a, b, c). */
class RecordParserTest {

    static final Path TINY_MODEL = Path.of("src/test/resources/tiny-model.json");
    private static final String GOOD = "{\"id\":\"m\",\"features\":[1,2,3]}";

    private final Model tiny = ModelLoader.load(TINY_MODEL);
    private final RecordParser rejecting = new RecordParser(MissingFeaturePolicy.REJECT);
    private final RecordParser zeroing = new RecordParser(MissingFeaturePolicy.ZERO);

    static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code prefix}, the raw bytes, then {@code suffix}: for values that are not valid UTF-8. */
    static byte[] withRawBytes(final String prefix, final byte[] raw, final String suffix) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(prefix));
        out.writeBytes(raw);
        out.writeBytes(utf8(suffix));
        return out.toByteArray();
    }

    /** A valid record padded with trailing whitespace to exactly {@code size} bytes. */
    static byte[] paddedTo(final int size) {
        final byte[] good = utf8(GOOD);
        final byte[] out = new byte[size];
        Arrays.fill(out, (byte) ' ');
        System.arraycopy(good, 0, out, 0, good.length);
        return out;
    }

    /** A valid record with an ignored field nested so the document reaches {@code depth} levels (the object is 1). */
    static byte[] nestedTo(final int depth) {
        final int arrays = depth - 1;
        return utf8("{\"id\":\"m\",\"features\":[1,2,3],\"deep\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}");
    }

    /** A JSON string of one character more than the string-length limit. */
    static String longString() {
        return "\"" + "s".repeat(Json.MAX_STRING_LENGTH + 1) + "\"";
    }

    private static Arguments bad(final String name, final String value, final Reason reason, final String message) {
        return bad(name, utf8(value), reason, message);
    }

    private static Arguments bad(final String name, final byte[] value, final Reason reason, final String message) {
        return Arguments.of(name, value, reason, message);
    }

    /**
     * Every malformed input with its reason class and the key part of the human-readable reason. Shared with
     * {@link ScoringTopologyTest}, which checks the same cases end to end through the dead-letter topic.
     */
    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("empty value", "", Reason.EMPTY, "value is empty; expected a JSON object"),
                bad("whitespace-only value", " \t\r\n ", Reason.EMPTY, "value is blank; expected a JSON object"),
                bad("not JSON", "hello", Reason.NOT_JSON, "value is not valid JSON"),
                bad("truncated object", "{\"id\":\"m\",\"features\":[1,2,3]", Reason.NOT_JSON, "value is not valid JSON"),
                bad("single quotes", "{'id':'m','features':[1,2,3]}", Reason.NOT_JSON, "value is not valid JSON"),
                bad("trailing garbage", GOOD + "x", Reason.NOT_JSON, "value is not valid JSON"),
                bad("trailing second object", GOOD + "{}", Reason.NOT_JSON, "value has content after the JSON object"),
                bad("trailing number", GOOD + " 42", Reason.NOT_JSON, "value has content after the JSON object"),
                bad("array", "[1,2,3]", Reason.NOT_OBJECT, "value is an array; expected a JSON object"),
                bad("string", "\"msg\"", Reason.NOT_OBJECT, "value is a string; expected a JSON object"),
                bad("number", "42", Reason.NOT_OBJECT, "value is a number; expected a JSON object"),
                bad("boolean", "true", Reason.NOT_OBJECT, "value is a boolean; expected a JSON object"),
                bad("JSON null", "null", Reason.NOT_OBJECT, "value is null; expected a JSON object"),
                bad("id missing", "{\"features\":[1,2,3]}", Reason.BAD_ID, "id is missing"),
                bad("id empty", "{\"id\":\"\",\"features\":[1,2,3]}", Reason.BAD_ID, "id is blank"),
                bad("id blank", "{\"id\":\" \\t \",\"features\":[1,2,3]}", Reason.BAD_ID, "id is blank"),
                bad("id null", "{\"id\":null,\"features\":[1,2,3]}", Reason.BAD_ID, "id is null; expected a non-empty string"),
                bad("id number", "{\"id\":7,\"features\":[1,2,3]}", Reason.BAD_ID, "id is a number; expected a non-empty string"),
                bad("id boolean", "{\"id\":false,\"features\":[1,2,3]}", Reason.BAD_ID, "id is a boolean; expected a non-empty string"),
                bad("id object", "{\"id\":{\"v\":\"m\"},\"features\":[1,2,3]}", Reason.BAD_ID, "id is an object; expected a non-empty string"),
                bad("id array", "{\"id\":[\"m\"],\"features\":[1,2,3]}", Reason.BAD_ID, "id is an array; expected a non-empty string"),
                bad("features missing", "{\"id\":\"m\"}", Reason.BAD_FEATURES, "features is missing"),
                bad("features string", "{\"id\":\"m\",\"features\":\"1,2,3\"}", Reason.BAD_FEATURES,
                        "features is a string; expected an array of numbers or an object of name: number"),
                bad("features number", "{\"id\":\"m\",\"features\":3}", Reason.BAD_FEATURES, "features is a number; expected"),
                bad("features null", "{\"id\":\"m\",\"features\":null}", Reason.BAD_FEATURES, "features is null; expected"),
                bad("features boolean", "{\"id\":\"m\",\"features\":true}", Reason.BAD_FEATURES, "features is a boolean; expected"),
                bad("no features", "{\"id\":\"m\",\"features\":[]}", Reason.FEATURE_COUNT,
                        "features has 0 values but model tiny version 7 expects 3"),
                bad("too few features", "{\"id\":\"m\",\"features\":[1,2]}", Reason.FEATURE_COUNT,
                        "features has 2 values but model tiny version 7 expects 3"),
                bad("too many features", "{\"id\":\"m\",\"features\":[1,2,3,4]}", Reason.FEATURE_COUNT,
                        "features has 4 values but model tiny version 7 expects 3"),
                bad("too many features, extra ones odd", "{\"id\":\"m\",\"features\":[1,2,3,{\"x\":[1]},\"s\"]}",
                        Reason.FEATURE_COUNT, "features has 5 values but model tiny version 7 expects 3"),
                bad("feature string", "{\"id\":\"m\",\"features\":[1,\"3.5\",3]}", Reason.BAD_FEATURE_TYPE,
                        "features[1] is a string; expected a number"),
                bad("feature boolean", "{\"id\":\"m\",\"features\":[1,true,3]}", Reason.BAD_FEATURE_TYPE,
                        "features[1] is a boolean; expected a number"),
                bad("feature null", "{\"id\":\"m\",\"features\":[1,2,null]}", Reason.BAD_FEATURE_TYPE,
                        "features[2] is null; expected a number"),
                bad("feature object", "{\"id\":\"m\",\"features\":[{},2,3]}", Reason.BAD_FEATURE_TYPE,
                        "features[0] is an object; expected a number"),
                bad("feature array", "{\"id\":\"m\",\"features\":[1,[2],3]}", Reason.BAD_FEATURE_TYPE,
                        "features[1] is an array; expected a number"),
                bad("named feature string", "{\"id\":\"m\",\"features\":{\"a\":\"1\",\"b\":2,\"c\":3}}", Reason.BAD_FEATURE_TYPE,
                        "features.a is a string; expected a number"),
                bad("named feature null", "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":null,\"c\":3}}", Reason.BAD_FEATURE_TYPE,
                        "features.b is null; expected a number"),
                bad("named feature boolean", "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":2,\"c\":false}}", Reason.BAD_FEATURE_TYPE,
                        "features.c is a boolean; expected a number"),
                bad("named feature object", "{\"id\":\"m\",\"features\":{\"a\":{\"v\":1},\"b\":2,\"c\":3}}", Reason.BAD_FEATURE_TYPE,
                        "features.a is an object; expected a number"),
                bad("named feature array", "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":[2],\"c\":3}}", Reason.BAD_FEATURE_TYPE,
                        "features.b is an array; expected a number"),
                bad("NaN", "{\"id\":\"m\",\"features\":[1,NaN,2]}", Reason.NON_FINITE, "features[1] is NaN"),
                bad("Infinity", "{\"id\":\"m\",\"features\":[1,2,Infinity]}", Reason.NON_FINITE, "features[2] is Infinity"),
                bad("-Infinity", "{\"id\":\"m\",\"features\":[-Infinity,2,3]}", Reason.NON_FINITE, "features[0] is -Infinity"),
                bad("1e400", "{\"id\":\"m\",\"features\":[1,1e400,3]}", Reason.NON_FINITE, "features[1] is 1e400, which overflows a double"),
                bad("-1e400", "{\"id\":\"m\",\"features\":[1,2,-1e400]}", Reason.NON_FINITE, "features[2] is -1e400, which overflows a double"),
                bad("named NaN", "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":NaN,\"c\":3}}", Reason.NON_FINITE, "features.b is NaN"),
                bad("named Infinity", "{\"id\":\"m\",\"features\":{\"c\":Infinity,\"a\":1,\"b\":2}}", Reason.NON_FINITE, "features.c is Infinity"),
                bad("named 1e400", "{\"id\":\"m\",\"features\":{\"a\":1e400,\"b\":1,\"c\":3}}", Reason.NON_FINITE,
                        "features.a is 1e400, which overflows a double"),
                bad("duplicate top-level key", "{\"id\":\"m\",\"id\":\"n\",\"features\":[1,2,3]}", Reason.DUPLICATE_FIELD,
                        "duplicate field 'id'"),
                bad("duplicate features key", "{\"id\":\"m\",\"features\":[1,2,3],\"features\":[4,5,6]}", Reason.DUPLICATE_FIELD,
                        "duplicate field 'features'"),
                bad("duplicate named feature", "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":2,\"a\":3,\"c\":4}}", Reason.DUPLICATE_FIELD,
                        "duplicate field 'a'"),
                bad("missing named feature", "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":2}}", Reason.MISSING_FEATURE,
                        "features.c is missing"),
                bad("two missing named features", "{\"id\":\"m\",\"features\":{\"c\":1}}", Reason.MISSING_FEATURE,
                        "features.a is missing (2 of 3 model features are missing)"),
                bad("invalid UTF-8 in id", withRawBytes("{\"id\":\"m", new byte[] {(byte) 0xFF}, "\",\"features\":[1,2,3]}"),
                        Reason.NOT_JSON, "UTF-8"),
                bad("truncated UTF-8 sequence in id", withRawBytes("{\"id\":\"m", new byte[] {(byte) 0xC3}, "\",\"features\":[1,2,3]}"),
                        Reason.NOT_JSON, "UTF-8"),
                bad("invalid UTF-8 in an ignored field", withRawBytes("{\"id\":\"m\",\"note\":\"", new byte[] {(byte) 0xC3, (byte) 0x28},
                        "\",\"features\":[1,2,3]}"), Reason.NOT_JSON, "UTF-8"),
                bad("overlong UTF-8 encoding in id", withRawBytes("{\"id\":\"m", new byte[] {(byte) 0xC0, (byte) 0xAF},
                        "\",\"features\":[1,2,3]}"), Reason.NOT_JSON, "UTF-8"),
                bad("UTF-8 encoded surrogate in id", withRawBytes("{\"id\":\"m", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        "\",\"features\":[1,2,3]}"), Reason.NOT_JSON, "UTF-8"),
                bad("invalid UTF-8 in a field name", withRawBytes("{\"id\":\"m\",\"n", new byte[] {(byte) 0xFE},
                        "\":1,\"features\":[1,2,3]}"), Reason.NOT_JSON, "UTF-8"),
                bad("oversized value", paddedTo(Json.MAX_DOCUMENT_BYTES + 1), Reason.TOO_LARGE,
                        "value is " + (Json.MAX_DOCUMENT_BYTES + 1) + " bytes; the limit is " + Json.MAX_DOCUMENT_BYTES),
                bad("nesting deeper than 32", nestedTo(Json.MAX_NESTING_DEPTH + 1), Reason.TOO_LARGE, "nesting depth"),
                bad("over-long string in an ignored field", "{\"id\":\"m\",\"note\":" + longString() + ",\"features\":[1,2,3]}",
                        Reason.TOO_LARGE, "String value length"),
                bad("over-long string inside an ignored array", "{\"id\":\"m\",\"note\":[{\"x\":" + longString()
                        + "}],\"features\":[1,2,3]}", Reason.TOO_LARGE, "String value length"),
                bad("over-long string as an extra positional value", "{\"id\":\"m\",\"features\":[1,2,3," + longString() + "]}",
                        Reason.TOO_LARGE, "String value length"),
                bad("over-long string as a positional value", "{\"id\":\"m\",\"features\":[1," + longString() + ",3]}",
                        Reason.TOO_LARGE, "String value length"),
                bad("over-long string in an unknown named feature", "{\"id\":\"m\",\"features\":{\"a\":1,\"b\":2,\"c\":3,\"z\":"
                        + longString() + "}}", Reason.TOO_LARGE, "String value length"),
                bad("over-long string as the features value", "{\"id\":\"m\",\"features\":" + longString() + "}",
                        Reason.TOO_LARGE, "String value length"),
                bad("over-long string after a bad id", "{\"id\":1,\"features\":[1,2,3],\"note\":" + longString() + "}",
                        Reason.TOO_LARGE, "String value length"),
                bad("over-long number after a bad id", "{\"id\":null,\"note\":" + "9".repeat(Json.MAX_NUMBER_LENGTH + 1)
                        + ",\"features\":[1,2,3]}", Reason.TOO_LARGE, "Number value length"),
                bad("nesting deeper than 32 after bad features", "{\"id\":\"m\",\"features\":true,\"deep\":"
                        + "[".repeat(Json.MAX_NESTING_DEPTH) + "]".repeat(Json.MAX_NESTING_DEPTH) + "}", Reason.TOO_LARGE, "nesting depth"),
                bad("value over 1 MiB with bad features", "{\"id\":\"m\",\"features\":\"" + "z".repeat(Json.MAX_DOCUMENT_BYTES) + "\"}",
                        Reason.TOO_LARGE, "bytes; the limit is " + Json.MAX_DOCUMENT_BYTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldRejectBadInputWithReasonAndMessage(final String name, final byte[] value, final Reason reason,
                                                  final String message) {
        final InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> rejecting.parse(value, tiny));
        assertEquals(reason, e.reason(), () -> name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> name + ": expected message containing '" + message
                + "' but was '" + e.getMessage() + "'");
    }

    @Test
    void shouldRejectTombstone() {
        final InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> rejecting.parse(null, tiny));
        assertEquals(Reason.TOMBSTONE, e.reason());
        assertEquals("value is null (a tombstone); expected a JSON object", e.getMessage());
    }

    @Test
    void shouldParsePositionalFeaturesInModelOrder() {
        final FeatureVector v = rejecting.parse(utf8("{\"id\":\"msg-1\",\"features\":[1.5,-2,3e-3]}"), tiny);
        assertEquals("msg-1", v.id());
        assertArrayEquals(new double[] {1.5, -2.0, 0.003}, v.values(), 0.0);
        assertSame(tiny, v.model());
        assertEquals(0, v.unknownFeatures());
    }

    @Test
    void shouldParseNamedFeaturesInAnyOrder() {
        final FeatureVector v = rejecting.parse(utf8("{\"features\":{\"c\":3.25,\"a\":-1,\"b\":0.5},\"id\":\"msg-2\"}"), tiny);
        assertEquals("msg-2", v.id());
        assertArrayEquals(new double[] {-1.0, 0.5, 3.25}, v.values(), 0.0);
        assertEquals(0, v.unknownFeatures());
    }

    @Test
    void shouldIgnoreAndCountUnknownNamedFeatures() {
        final FeatureVector v = rejecting.parse(utf8(
                "{\"id\":\"m\",\"features\":{\"a\":1,\"zz\":\"text\",\"b\":2,\"nested\":{\"q\":[1,2]},\"c\":3,\"nan\":NaN}}"), tiny);
        assertArrayEquals(new double[] {1, 2, 3}, v.values(), 0.0);
        assertEquals(3, v.unknownFeatures());
    }

    @Test
    void shouldSetMissingNamedFeaturesToZeroWhenPolicyIsZero() {
        final FeatureVector v = zeroing.parse(utf8("{\"id\":\"m\",\"features\":{\"b\":4,\"other\":9}}"), tiny);
        assertArrayEquals(new double[] {0.0, 4.0, 0.0}, v.values(), 0.0);
        assertEquals(1, v.unknownFeatures());
    }

    @Test
    void shouldStillRejectWrongPositionalCountWhenPolicyIsZero() {
        final InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> zeroing.parse(utf8("{\"id\":\"m\",\"features\":[1,2]}"), tiny));
        assertEquals(Reason.FEATURE_COUNT, e.reason());
    }

    @Test
    void shouldStillRejectBadNamedValueWhenPolicyIsZero() {
        final InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> zeroing.parse(utf8("{\"id\":\"m\",\"features\":{\"a\":null}}"), tiny));
        assertEquals(Reason.BAD_FEATURE_TYPE, e.reason());
        assertEquals("features.a is null; expected a number", e.getMessage());
    }

    @Test
    void shouldIgnoreOtherTopLevelFieldsOfAnyShape() {
        final FeatureVector v = rejecting.parse(utf8("{\"subject\":\"hi\",\"meta\":{\"features\":[9],\"id\":5},"
                + "\"list\":[{\"id\":null}],\"n\":NaN,\"flag\":true,\"nothing\":null,\"id\":\"m\",\"features\":[1,2,3]}"), tiny);
        assertEquals("m", v.id());
        assertArrayEquals(new double[] {1, 2, 3}, v.values(), 0.0);
    }

    @Test
    void shouldAcceptSurroundingWhitespace() {
        final FeatureVector v = rejecting.parse(utf8("\n  {\"id\":\"m\",\"features\":[1,2,3]}  \r\n"), tiny);
        assertEquals("m", v.id());
    }

    @Test
    void shouldKeepUnicodeIdAndExactDoubles() {
        final FeatureVector v = rejecting.parse(utf8(
                "{\"id\":\"m\\u00e9-\u20ac-\uD83D\uDE00\",\"features\":[0.1,1.7976931348623157E308,-4.9E-324]}"), tiny);
        assertEquals("m\u00e9-\u20ac-\uD83D\uDE00", v.id());
        assertArrayEquals(new double[] {0.1, Double.MAX_VALUE, -Double.MIN_VALUE}, v.values(), 0.0);
    }

    @Test
    void shouldAcceptUnderflowingNumbersAsZero() {
        final FeatureVector v = rejecting.parse(utf8("{\"id\":\"m\",\"features\":[1e-400,-1e-400,0]}"), tiny);
        assertEquals(0.0, Math.abs(v.values()[0]), 0.0);
        assertEquals(0.0, Math.abs(v.values()[1]), 0.0);
    }

    @Test
    void shouldAcceptValueOfExactlyTheSizeLimit() {
        final FeatureVector v = rejecting.parse(paddedTo(Json.MAX_DOCUMENT_BYTES), tiny);
        assertEquals("m", v.id());
    }

    @Test
    void shouldAcceptStringsOfExactlyTheLengthLimitInIgnoredFields() {
        final String limit = "\"" + "s".repeat(Json.MAX_STRING_LENGTH) + "\"";
        final FeatureVector v = rejecting.parse(utf8("{\"id\":\"m\",\"note\":[" + limit + "],\"features\":{\"a\":1,\"b\":2,"
                + "\"c\":3,\"z\":" + limit + "}}"), tiny);
        assertEquals("m", v.id());
        assertEquals(1, v.unknownFeatures());
    }

    @Test
    void shouldAcceptNestingOfExactlyTheDepthLimit() {
        final FeatureVector v = rejecting.parse(nestedTo(Json.MAX_NESTING_DEPTH), tiny);
        assertEquals("m", v.id());
    }

    @Test
    void shouldReturnFreshArrayForEachRecord() {
        final byte[] value = utf8(GOOD);
        final FeatureVector first = rejecting.parse(value, tiny);
        first.values()[0] = 99.0;
        final FeatureVector second = rejecting.parse(value, tiny);
        assertArrayEquals(new double[] {1, 2, 3}, second.values(), 0.0);
    }

    @Test
    void shouldRequireAPolicy() {
        assertThrows(NullPointerException.class, () -> new RecordParser(null));
    }

    @Test
    void shouldDeadLetterPositionalRecordsForANamedOnlyModelInsteadOfScoringThemInTheWrongOrder() {
        final Model namedOnly = ModelLoader.parse(ModelLoader.withInputs(ModelLoader.toJson(tiny), ModelInputs.NAMED_ONLY));
        for (final String value : List.of(GOOD, "{ \"id\" : \"m\", \"features\" : [1, 2, 3] }", "{\"features\":[1],\"id\":\"m\"}")) {
            for (final RecordParser parser : List.of(rejecting, zeroing)) {
                final InvalidRecordException e = assertThrows(InvalidRecordException.class,
                        () -> parser.parse(utf8(value), namedOnly), value);
                assertEquals(Reason.BAD_FEATURES, e.reason());
                assertEquals("features is an array but model tiny version 7 takes named features only (inputs: named-only);"
                        + " send an object of name: number", e.getMessage());
            }
        }
        final FeatureVector named = rejecting.parse(utf8("{\"id\":\"m\",\"features\":{\"c\":3,\"a\":1,\"b\":2}}"), namedOnly);
        assertArrayEquals(new double[] {1, 2, 3}, named.values(), 0.0);
    }
}
