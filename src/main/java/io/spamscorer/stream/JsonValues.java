package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * How {@link RecordParser}'s general path steps over JSON values it does not read, and names a token in a message.
 * Every skip decodes the strings it passes, so that Jackson's input limits apply to ignored fields too.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** Advances until the parser is back in {@code context}, i.e. past the container it was reading. */
    static void skipTo(final JsonParser p, final JsonStreamContext context) throws IOException {
        checkString(p);
        while (p.getParsingContext() != context) {
            if (p.nextToken() == null) {
                return;
            }
            checkString(p);
        }
    }

    /**
     * Skips the current value (a scalar, or a whole array or object) like {@link JsonParser#skipChildren}, but
     * decodes every string on the way: Jackson checks the string-length limit only when a string is decoded, so a
     * plain skip would let an over-long string through in an ignored field.
     */
    static void skip(final JsonParser p) throws IOException {
        final JsonToken t = p.currentToken();
        if (t == null || !t.isStructStart()) {
            checkString(p);
            return;
        }
        skipTo(p, p.getParsingContext().getParent());
    }

    /** Applies the string-length limit to the current token when it is a string; no-op otherwise. */
    static void checkString(final JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            p.getText(); // getTextLength would decode without the check
        }
    }

    /**
     * Reads what is left of the value after {@code problem}, applying the input limits: one that is exceeded is
     * thrown as {@link StreamConstraintsException}; a syntax error further on leaves {@code problem} to be reported.
     */
    static void checkRest(final JsonParser p, final InvalidRecordException problem) throws IOException {
        if (problem.reason() == Reason.TOO_LARGE) {
            return;
        }
        try {
            checkString(p);
            while (p.nextToken() != null) {
                checkString(p);
            }
        } catch (final StreamConstraintsException e) {
            throw e;
        } catch (final JsonProcessingException e) {
            // Not a limit: the first problem found is the one to report.
        }
    }

    static String describe(final JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : t.asString();
        }
    }
}
