package io.spamscorer.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads one field of a JSON record by a dotted path, for assertions. */
final class ExampleJsonTestSupport {

    private ExampleJsonTestSupport() {
    }

    static String field(final byte[] json, final String dotted) {
        try {
            JsonNode n = Json.mapper().readTree(json);
            for (final String part : dotted.split("\\.")) {
                n = n.get(part);
                if (n == null) {
                    return null;
                }
            }
            return n.asText();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
