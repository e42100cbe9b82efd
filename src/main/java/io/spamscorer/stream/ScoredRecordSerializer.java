package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.json.Json;
import io.spamscorer.model.Contribution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes {@link ScoredRecord} as the UTF-8 JSON object documented in README "Output record":
 * {@code {"id","spamProbability","label","logit","threshold","model":{"name","version"},"scoredAt","topFeatures"}}.
 * Doubles are written in Java's shortest round-trip form, so a consumer parsing them gets the exact values.
 */
public final class ScoredRecordSerializer implements Serializer<ScoredRecord> {

    private static final DateTimeFormatter SCORED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public byte[] serialize(final String topic, final ScoredRecord r) {
        if (r == null) {
            return null;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
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
        g.writeStringField("id", r.id());
        g.writeNumberField("spamProbability", r.spamProbability());
        g.writeStringField("label", r.label());
        g.writeNumberField("logit", r.logit());
        g.writeNumberField("threshold", r.threshold());
        g.writeObjectFieldStart("model");
        g.writeStringField("name", r.modelName());
        g.writeStringField("version", r.modelVersion());
        g.writeEndObject();
        g.writeStringField("scoredAt", SCORED_AT.format(Instant.ofEpochMilli(r.scoredAtMillis())));
        if (!r.topFeatures().isEmpty()) {
            g.writeArrayFieldStart("topFeatures");
            for (final Contribution c : r.topFeatures()) {
                g.writeStartObject();
                g.writeStringField("feature", c.feature());
                g.writeNumberField("contribution", c.contribution());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
