package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.spamscorer.json.Json;
import io.spamscorer.json.ShortestDouble;
import io.spamscorer.model.Contribution;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes {@link ScoredRecord} as the UTF-8 JSON object documented in README "Output record":
 * {@code {"id","spamProbability","label","logit","threshold","model":{"name","version"},"scoredAt","topFeatures"}}.
 * Doubles are written as the shortest decimal that parses back to the same double (Jackson's Schubfach text), so
 * a consumer parsing them gets the exact values.
 *
 * <p>Hot path: when every string of the record is printable ASCII without {@code "} or {@code \} (ids, labels,
 * model and feature names almost always are) and every number is finite, the bytes are written straight into a
 * per-thread {@link ScoredRecordWriter}: the fixed parts are pre-encoded, and so are the label, the threshold and model object of the
 * last model seen and the model's feature names with their field names; doubles are written in place by
 * {@link ShortestDouble}, which gives the text of Jackson's generator (its fast writer, {@code NumberOutput}) without
 * its garbage, and the {@code scoredAt} text is cached for the last millisecond seen. Any other record
 * goes through a {@link JsonGenerator}, which does the escaping. Both give the same bytes as a plain generator
 * writing the same fields; {@code FastPathContractTest} holds them to it.
 */
public final class ScoredRecordSerializer implements Serializer<ScoredRecord> {

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

    private static final ThreadLocal<ScoredRecordWriter> WRITERS = ThreadLocal.withInitial(ScoredRecordWriter::new);

    @Override
    public byte[] serialize(final String topic, final ScoredRecord r) {
        if (r == null) {
            return null;
        }
        final byte[] direct = WRITERS.get().write(r);
        return direct != null ? direct : viaGenerator(r);
    }

    private static byte[] viaGenerator(final ScoredRecord r) {
        final ByteArrayBuilder out = new ByteArrayBuilder(null, 512);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            write(g, r);
        } catch (final IOException e) {
            throw new SerializationException("cannot write scored record " + r.id(), e);
        }
        return out.toByteArray();
    }

    /** Writes one record as a JSON object with a generator; shared with the {@code score} command. */
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
        g.writeString(ScoredAt.of(r.scoredAtMillis()).text());
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
}
