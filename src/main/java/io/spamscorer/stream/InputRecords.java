package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes input records in the wire format {@link RecordParser} reads: {@code {"id":…,"features":[…]}} (positional)
 * or {@code {"id":…,"features":{name:value,…}}} (named). Used by the demo and the benchmarks to produce records.
 */
public final class InputRecords {

    private InputRecords() {
    }

    /** Positional when {@code names} is null, else named with {@code names.get(i)} for {@code x[i]}. */
    public static byte[] encode(final String id, final double[] x, final List<String> names) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 20 * x.length);
        try (JsonGenerator g = Json.factory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("id", id);
            if (names != null) {
                g.writeObjectFieldStart("features");
                for (int i = 0; i < x.length; i++) {
                    g.writeNumberField(names.get(i), x[i]);
                }
                g.writeEndObject();
            } else {
                g.writeArrayFieldStart("features");
                for (final double v : x) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
