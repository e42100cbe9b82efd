package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.spamscorer.json.Json;
import io.spamscorer.model.Contribution;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes {@link ScoredRecord} as the UTF-8 JSON object documented in README "Output record":
 * {@code {"id","spamProbability","label","logit","threshold","model":{"name","version"},"scoredAt","topFeatures"}}.
 * Doubles are written as the shortest decimal that parses back to the same double (Jackson's fast writer), so a
 * consumer parsing them gets the exact values.
 *
 * <p>Hot path: field names are pre-encoded ({@link SerializedString}), the {@code scoredAt} text is cached for the
 * last millisecond seen (records scored in the same millisecond share it), and the bytes are collected in a
 * {@link ByteArrayBuilder}. The bytes are the same as a plain {@code JsonGenerator} writing the same fields.
 */
public final class ScoredRecordSerializer implements Serializer<ScoredRecord> {

    private static final DateTimeFormatter SCORED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString SPAM_PROBABILITY = new SerializedString("spamProbability");
    private static final SerializableString LABEL = new SerializedString("label");
    private static final SerializableString LOGIT = new SerializedString("logit");
    private static final SerializableString THRESHOLD = new SerializedString("threshold");
    private static final SerializableString MODEL = new SerializedString("model");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString VERSION = new SerializedString("version");
    private static final SerializableString SCORED_AT_FIELD = new SerializedString("scoredAt");
    private static final SerializableString TOP_FEATURES = new SerializedString("topFeatures");
    private static final SerializableString FEATURE = new SerializedString("feature");
    private static final SerializableString CONTRIBUTION = new SerializedString("contribution");

    /** The last formatted timestamp; immutable, so a racy read sees either an old or a new pair, never half. */
    private static volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");

    @Override
    public byte[] serialize(final String topic, final ScoredRecord r) {
        if (r == null) {
            return null;
        }
        final ByteArrayBuilder out = new ByteArrayBuilder(null, 320);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            write(g, r);
        } catch (final IOException e) {
            throw new SerializationException("cannot write scored record " + r.id(), e);
        }
        return out.toByteArray();
    }

    /** Writes one record as a JSON object; shared with the {@code score} command. */
    public static void write(final JsonGenerator g, final ScoredRecord r) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(r.id());
        g.writeFieldName(SPAM_PROBABILITY);
        g.writeNumber(r.spamProbability());
        g.writeFieldName(LABEL);
        g.writeString(r.label());
        g.writeFieldName(LOGIT);
        g.writeNumber(r.logit());
        g.writeFieldName(THRESHOLD);
        g.writeNumber(r.threshold());
        g.writeFieldName(MODEL);
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeString(r.modelName());
        g.writeFieldName(VERSION);
        g.writeString(r.modelVersion());
        g.writeEndObject();
        g.writeFieldName(SCORED_AT_FIELD);
        g.writeString(scoredAt(r.scoredAtMillis()));
        final List<Contribution> top = r.topFeatures();
        if (!top.isEmpty()) {
            g.writeFieldName(TOP_FEATURES);
            g.writeStartArray();
            for (int i = 0; i < top.size(); i++) {
                final Contribution c = top.get(i);
                g.writeStartObject();
                g.writeFieldName(FEATURE);
                g.writeString(c.feature());
                g.writeFieldName(CONTRIBUTION);
                g.writeNumber(c.contribution());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** {@code scoredAt} as {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} (UTC). */
    static String scoredAt(final long millis) {
        final Stamp s = lastStamp;
        if (s.millis == millis) {
            return s.text;
        }
        final String text = SCORED_AT.format(Instant.ofEpochMilli(millis));
        lastStamp = new Stamp(millis, text);
        return text;
    }

    private record Stamp(long millis, String text) {
    }
}
