package io.spamscorer.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import io.spamscorer.stream.InvalidRecordException;
import io.spamscorer.stream.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * A labels-topic value → {@link LabelEvent}: {@code {"id": "...", "label": "spam"|"ham", "source"?: "...",
 * "at"?: epoch millis | ISO-8601}}. The key is the id (UTF-8) or null (then {@code id} is used); a key that differs
 * from {@code id} is refused. Every refusal is an {@link InvalidRecordException} whose message names the field, so the
 * processing exception handler dead-letters the record with its reason. Unknown fields are ignored.
 */
final class LabelParser {

    static final String EXPECTED = "expected {\"id\": \"...\", \"label\": \"spam\"|\"ham\", \"source\"?, \"at\"?}";

    private LabelParser() {
    }

    /** @param recordTimestamp the label's time when it has no {@code at} */
    static LabelEvent parse(final byte[] key, final byte[] value, final long recordTimestamp) {
        if (value == null) {
            throw new InvalidRecordException(Reason.TOMBSTONE, "label value is null (a tombstone); " + EXPECTED);
        }
        if (value.length == 0) {
            throw new InvalidRecordException(Reason.EMPTY, "label value is empty; " + EXPECTED);
        }
        final JsonNode root;
        try {
            root = Json.mapper().readTree(value);
        } catch (final JsonProcessingException e) {
            throw new InvalidRecordException(Reason.NOT_JSON, "label value is not JSON: " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new InvalidRecordException(Reason.NOT_JSON, "label value is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRecordException(Reason.NOT_OBJECT, "label value is not a JSON object; " + EXPECTED);
        }
        final JsonNode idNode = root.get("id");
        if (idNode == null || !idNode.isTextual() || idNode.textValue().isBlank()) {
            throw new InvalidRecordException(Reason.BAD_ID, "id must be a non-blank string, got "
                    + (idNode == null ? "nothing" : idNode.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        final String id = idNode.textValue();
        if (key != null && !Arrays.equals(key, id.getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidRecordException(Reason.BAD_ID, "id does not match the record key (the key must be the"
                    + " email id as UTF-8, or null)");
        }
        final JsonNode labelNode = root.get("label");
        final Example.Label label = labelNode != null && labelNode.isTextual()
                ? Example.Label.fromWire(labelNode.textValue()) : null;
        if (label == null) {
            throw new InvalidRecordException(Reason.BAD_LABEL, labelNode == null ? "label is missing; it must be"
                    + " \"spam\" or \"ham\"" : "label must be \"spam\" or \"ham\"");
        }
        final JsonNode sourceNode = root.get("source");
        if (sourceNode != null && !sourceNode.isNull() && !sourceNode.isTextual()) {
            throw new InvalidRecordException(Reason.BAD_LABEL, "source must be a string when given");
        }
        final String source = sourceNode == null || sourceNode.isNull() ? null : sourceNode.textValue();
        return new LabelEvent(id, label, source, at(root.get("at"), recordTimestamp));
    }

    private static long at(final JsonNode at, final long recordTimestamp) {
        if (at == null || at.isNull()) {
            return recordTimestamp;
        }
        if (at.isIntegralNumber() && at.canConvertToLong() && at.longValue() >= 0) {
            return at.longValue();
        }
        if (at.isTextual()) {
            try {
                return Instant.parse(at.textValue()).toEpochMilli();
            } catch (final DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(at.textValue()).toInstant().toEpochMilli();
                } catch (final DateTimeParseException e2) {
                    // fall through to the refusal below
                }
            } catch (final ArithmeticException e) {
                // an instant beyond epoch millis: refused below
            }
        }
        throw new InvalidRecordException(Reason.BAD_LABEL, "at must be epoch milliseconds (a non-negative integer) or an"
                + " ISO-8601 instant such as 2026-12-01T10:15:30Z");
    }
}
