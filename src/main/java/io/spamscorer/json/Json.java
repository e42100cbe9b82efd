package io.spamscorer.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The project's one JSON factory and mapper. Input limits are hard caps against hostile records:
 * documents over {@value #MAX_DOCUMENT_BYTES} bytes, nesting deeper than {@value #MAX_NESTING_DEPTH},
 * numbers longer than {@value #MAX_NUMBER_LENGTH} characters and strings longer than
 * {@value #MAX_STRING_LENGTH} characters are rejected. Jackson checks a string's length only when it decodes it, so
 * a reader that skips fields must decode skipped strings too (as {@code RecordParser} does) for the limit to hold
 * everywhere. No polymorphic typing is enabled anywhere.
 */
public final class Json {

    public static final int MAX_DOCUMENT_BYTES = 1_048_576;
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_NUMBER_LENGTH = 100;
    public static final int MAX_STRING_LENGTH = 65_536;
    public static final int MAX_NAME_LENGTH = 1_024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            // NaN and Infinity tokens are parsed so that the record is rejected with "features[3] is NaN"
            // rather than a generic syntax error; they never reach the neuron.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * True for the characters that a JSON string carries as they are, one byte each, in what this factory writes:
     * printable ASCII other than {@code "} and {@code \}. Strings made only of them need no escaping and no UTF-8
     * encoding, which is what the hand-written fast paths rely on.
     */
    public static boolean isPlainChar(final int c) {
        return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
