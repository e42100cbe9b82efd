package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
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

    private final FeaturesReader featuresReader;

    public RecordParser(final MissingFeaturePolicy missingPolicy) {
        this.featuresReader = new FeaturesReader(Objects.requireNonNull(missingPolicy, "missingPolicy == null"));
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
                JsonValues.checkRest(p, e);
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
            throw new InvalidRecordException(Reason.NOT_OBJECT, "value is " + JsonValues.describe(first) + "; expected a JSON object");
        }
        String id = null;
        boolean idSeen = false;
        FeaturesReader.Parsed features = null;
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
                    features = featuresReader.read(p, v, model);
                } catch (final InvalidRecordException e) {
                    // Finish reading the object first: a record with a bad id should be reported for its id,
                    // whatever the order of its fields.
                    featuresError = e;
                    JsonValues.skipTo(p, outer);
                }
            } else {
                JsonValues.skip(p);
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
        return new FeatureVector(id, features.values(), model, features.unknown());
    }

    private static String readId(final JsonParser p, final JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            throw new InvalidRecordException(Reason.BAD_ID, "id is null; expected a non-empty string");
        }
        throw new InvalidRecordException(Reason.BAD_ID, "id is " + JsonValues.describe(v) + "; expected a non-empty string");
    }

}
