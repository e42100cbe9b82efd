package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelInputs;
import java.io.IOException;
import java.util.Objects;

/**
 * Turns one input value (UTF-8 JSON, see README "Input record") into a {@link FeatureVector} for a given model,
 * or throws {@link InvalidRecordException} whose message names the field and the problem.
 *
 * <p>It is a streaming parse straight into a {@code double[]}: no tree, no per-record maps. Jackson's lenient
 * coercions are never used; every token type is checked here.
 *
 * <p>The common shape, {@code {"id":"…","features":[n, …]}} with a plain ASCII id and as many plain JSON numbers as
 * the model has features, is first read by a hand-written scanner ({@link CanonicalRecord}) that gives exactly the
 * values Jackson would; anything else, valid or not, goes through Jackson, which decides and names the problem.
 */
public final class RecordParser {

    private static final int MAX_SHOWN = 40;

    private final MissingFeaturePolicy missingPolicy;

    public RecordParser(final MissingFeaturePolicy missingPolicy) {
        this.missingPolicy = Objects.requireNonNull(missingPolicy, "missingPolicy == null");
    }

    public FeatureVector parse(final byte[] value, final Model model) {
        if (value == null) {
            throw new InvalidRecordException(Reason.TOMBSTONE, "value is null (a tombstone); expected a JSON object");
        }
        if (value.length == 0) {
            throw new InvalidRecordException(Reason.EMPTY, "value is empty; expected a JSON object");
        }
        if (value.length > Json.MAX_DOCUMENT_BYTES) {
            throw new InvalidRecordException(Reason.TOO_LARGE,
                    "value is " + value.length + " bytes; the limit is " + Json.MAX_DOCUMENT_BYTES);
        }
        final FeatureVector canonical = CanonicalRecord.parse(value, model);
        if (canonical != null) {
            return canonical;
        }
        return parseGeneral(value, model);
    }

    /** The full Jackson parse, without the canonical fast path; package-private for the contract test. */
    FeatureVector parseGeneral(final byte[] value, final Model model) {
        Utf8.check(value);
        try (JsonParser p = Json.factory().createParser(value)) {
            try {
                return parseObject(p, model);
            } catch (final InvalidRecordException e) {
                // An input limit outranks any other problem: read the rest, so a value over a limit is always
                // too_large, whatever comes first in it.
                checkRest(p, e);
                throw e;
            }
        } catch (final StreamConstraintsException e) {
            throw new InvalidRecordException(Reason.TOO_LARGE, "value exceeds an input limit: " + firstLine(e.getOriginalMessage()) + at(e));
        } catch (final JsonProcessingException e) {
            throw notJson(e);
        } catch (final IOException e) {
            throw new InvalidRecordException(Reason.NOT_JSON, "value cannot be read: " + e.getMessage());
        }
    }

    private static InvalidRecordException notJson(final JsonProcessingException e) {
        final String msg = e.getOriginalMessage();
        if (msg != null && msg.startsWith("Duplicate field")) {
            return new InvalidRecordException(Reason.DUPLICATE_FIELD, "value has a d" + msg.substring(1) + at(e));
        }
        return new InvalidRecordException(Reason.NOT_JSON, "value is not valid JSON: " + withoutSource(firstLine(msg)) + at(e));
    }

    /** Jackson names the (redacted) source inside nested locations; that says nothing to a reader. */
    private static String withoutSource(final String msg) {
        return msg.replaceAll("\\[Source: [^;]*; ", "[");
    }

    private static String at(final JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String firstLine(final String s) {
        if (s == null) {
            return "unknown error";
        }
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private FeatureVector parseObject(final JsonParser p, final Model model) throws IOException {
        final JsonToken first = p.nextToken();
        if (first == null) {
            throw new InvalidRecordException(Reason.EMPTY, "value is blank; expected a JSON object");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidRecordException(Reason.NOT_OBJECT, "value is " + describe(first) + "; expected a JSON object");
        }
        String id = null;
        boolean idSeen = false;
        Parsed features = null;
        InvalidRecordException featuresError = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            final String field = p.currentName();
            final JsonToken v = p.nextToken();
            if ("id".equals(field)) {
                idSeen = true;
                id = readId(p, v);
            } else if ("features".equals(field)) {
                final JsonStreamContext outer = v.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
                try {
                    features = readFeatures(p, v, model);
                } catch (final InvalidRecordException e) {
                    // Finish reading the object first: a record with a bad id should be reported for its id,
                    // whatever the order of its fields.
                    featuresError = e;
                    skipTo(p, outer);
                }
            } else {
                skip(p);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new InvalidRecordException(Reason.NOT_JSON, "value is not a complete JSON object");
        }
        if (p.nextToken() != null) {
            throw new InvalidRecordException(Reason.NOT_JSON, "value has content after the JSON object");
        }
        if (!idSeen) {
            throw new InvalidRecordException(Reason.BAD_ID, "id is missing");
        }
        if (id.isBlank()) {
            throw new InvalidRecordException(Reason.BAD_ID, "id is blank");
        }
        if (featuresError != null) {
            throw featuresError;
        }
        if (features == null) {
            throw new InvalidRecordException(Reason.BAD_FEATURES, "features is missing");
        }
        return new FeatureVector(id, features.values, model, features.unknown);
    }

    /** Advances until the parser is back in {@code context}, i.e. past the container it was reading. */
    private static void skipTo(final JsonParser p, final JsonStreamContext context) throws IOException {
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
    private static void skip(final JsonParser p) throws IOException {
        final JsonToken t = p.currentToken();
        if (t == null || !t.isStructStart()) {
            checkString(p);
            return;
        }
        skipTo(p, p.getParsingContext().getParent());
    }

    /** Applies the string-length limit to the current token when it is a string; no-op otherwise. */
    private static void checkString(final JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            p.getText(); // getTextLength would decode without the check
        }
    }

    /**
     * Reads what is left of the value after {@code problem}, applying the input limits: one that is exceeded is
     * thrown as {@link StreamConstraintsException}; a syntax error further on leaves {@code problem} to be reported.
     */
    private static void checkRest(final JsonParser p, final InvalidRecordException problem) throws IOException {
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

    private static String readId(final JsonParser p, final JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            throw new InvalidRecordException(Reason.BAD_ID, "id is null; expected a non-empty string");
        }
        throw new InvalidRecordException(Reason.BAD_ID, "id is " + describe(v) + "; expected a non-empty string");
    }

    private Parsed readFeatures(final JsonParser p, final JsonToken v, final Model model) throws IOException {
        if (v == JsonToken.START_ARRAY) {
            if (model.inputs() == ModelInputs.NAMED_ONLY) {
                throw new InvalidRecordException(Reason.BAD_FEATURES, "features is an array but model " + model.name()
                        + " version " + model.version() + " takes named features only (inputs: named-only); send an object of name: number");
            }
            return readPositional(p, model);
        }
        if (v == JsonToken.START_OBJECT) {
            return readNamed(p, model);
        }
        throw new InvalidRecordException(Reason.BAD_FEATURES,
                "features is " + describe(v) + "; expected an array of numbers or an object of name: number");
    }

    private static Parsed readPositional(final JsonParser p, final Model model) throws IOException {
        final int n = model.featureCount();
        final double[] x = new double[n];
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (count < n) {
                x[count] = readNumber(p, t, count, null);
            } else {
                skip(p);
            }
            count++;
        }
        if (count != n) {
            throw new InvalidRecordException(Reason.FEATURE_COUNT, "features has " + count + " values but model "
                    + model.name() + " version " + model.version() + " expects " + n);
        }
        return new Parsed(x, 0);
    }

    private Parsed readNamed(final JsonParser p, final Model model) throws IOException {
        final int n = model.featureCount();
        final double[] x = new double[n];
        final boolean[] seen = new boolean[n];
        int found = 0;
        int unknown = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String name = p.currentName();
            final JsonToken t = p.nextToken();
            final int i = model.indexOf(name);
            if (i < 0) {
                unknown++;
                skip(p);
                continue;
            }
            x[i] = readNumber(p, t, -1, name);
            seen[i] = true;
            found++;
        }
        if (found < n && missingPolicy == MissingFeaturePolicy.REJECT) {
            throw missing(model, seen, n - found);
        }
        return new Parsed(x, unknown);
    }

    private static InvalidRecordException missing(final Model model, final boolean[] seen, final int missing) {
        int first = 0;
        while (seen[first]) {
            first++;
        }
        return new InvalidRecordException(Reason.MISSING_FEATURE, "features." + model.features().get(first) + " is missing"
                + (missing > 1 ? " (" + missing + " of " + seen.length + " model features are missing)" : ""));
    }

    /**
     * Reads one feature value. The field is named only when there is a problem ({@code features[index]}, or
     * {@code features.name} when {@code name} is not null), so the hot path builds no strings.
     */
    private static double readNumber(final JsonParser p, final JsonToken t, final int index, final String name)
            throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            final double d = p.getDoubleValue();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw badNumber(p, t, name == null ? "features[" + index + "]" : "features." + name);
    }

    private static InvalidRecordException badNumber(final JsonParser p, final JsonToken t, final String field)
            throws IOException {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            return new InvalidRecordException(Reason.BAD_FEATURE_TYPE, field + " is " + describe(t) + "; expected a number");
        }
        final double d = p.getDoubleValue();
        if (Double.isNaN(d)) {
            return new InvalidRecordException(Reason.NON_FINITE, field + " is NaN");
        }
        final String text = p.getText();
        if (text.contains("Inf") || text.contains("INF")) {
            return new InvalidRecordException(Reason.NON_FINITE, field + " is " + (d > 0 ? "Infinity" : "-Infinity"));
        }
        return new InvalidRecordException(Reason.NON_FINITE, field + " is " + shorten(text) + ", which overflows a double");
    }

    private static String shorten(final String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "…";
    }

    private static String describe(final JsonToken t) {
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

    private record Parsed(double[] values, int unknown) {
    }
}
