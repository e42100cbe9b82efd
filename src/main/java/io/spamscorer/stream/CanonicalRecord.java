package io.spamscorer.stream;

import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelInputs;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link RecordParser} for canonical positional records. It accepts only: optional JSON whitespace,
 * {@code {}, {@code "id"}, a string of printable ASCII without escapes that is not blank, {@code ,},
 * {@code "features"}, {@code [}, exactly {@code featureCount} numbers in strict JSON syntax, {@code ]}, {@code }}, end
 * of input. It returns null for anything else, and for numbers {@link NumberScanner} does not convert itself exactly
 * as Jackson would, so Jackson then handles the record (and names any problem). Every accepted byte is ASCII, so the
 * UTF-8 check is not needed.
 */
final class CanonicalRecord {

    private static final byte[] ID = "\"id\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FEATURES = "\"features\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ID_CHARS = 1024;

    private CanonicalRecord() {
    }

    static FeatureVector parse(final byte[] b, final Model model) {
        if (model.inputs() == ModelInputs.NAMED_ONLY) {
            return null;
        }
        int i = ws(b, 0);
        if (i >= b.length || b[i] != '{') {
            return null;
        }
        i = ws(b, i + 1);
        if (!startsWith(b, i, ID)) {
            return null;
        }
        i = ws(b, i + ID.length);
        if (i >= b.length || b[i] != ':') {
            return null;
        }
        i = ws(b, i + 1);
        if (i >= b.length || b[i] != '"') {
            return null;
        }
        final int idStart = ++i;
        while (i < b.length && b[i] != '"') {
            final int c = b[i];
            if (!Json.isPlainChar(c) || i - idStart >= MAX_ID_CHARS) {
                return null;
            }
            i++;
        }
        if (i >= b.length) {
            return null;
        }
        final String id = new String(b, idStart, i - idStart, StandardCharsets.ISO_8859_1);
        if (id.isBlank()) {
            return null;
        }
        i = ws(b, i + 1);
        if (i >= b.length || b[i] != ',') {
            return null;
        }
        i = ws(b, i + 1);
        if (!startsWith(b, i, FEATURES)) {
            return null;
        }
        i = ws(b, i + FEATURES.length);
        if (i >= b.length || b[i] != ':') {
            return null;
        }
        i = ws(b, i + 1);
        if (i >= b.length || b[i] != '[') {
            return null;
        }
        final double[] x = new double[model.featureCount()];
        i = features(b, ws(b, i + 1), x);
        if (i < 0) {
            return null;
        }
        i = ws(b, i + 1);
        if (i >= b.length || b[i] != '}') {
            return null;
        }
        return ws(b, i + 1) == b.length ? new FeatureVector(id, x, model, 0) : null;
    }

    /**
     * Reads exactly {@code x.length} comma-separated numbers from {@code from} (just after {@code [}, and its
     * whitespace); returns the index of the closing {@code ]}, or -1 for anything else.
     */
    private static int features(final byte[] b, final int from, final double[] x) {
        int i = from;
        int count = 0;
        while (count < x.length) {
            i = NumberScanner.scan(b, i, x, count++);
            if (i < 0) {
                return -1;
            }
            i = ws(b, i);
            if (i >= b.length) {
                return -1;
            }
            final byte c = b[i];
            if (c == ']') {
                return count == x.length ? i : -1;
            }
            if (c != ',') {
                return -1;
            }
            i = ws(b, i + 1);
        }
        return -1;
    }

    private static int ws(final byte[] b, final int from) {
        int i = from;
        // Every JSON whitespace byte is at most ' '; most calls find none, so one comparison decides them.
        while (i < b.length && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(final byte[] b, final int i, final byte[] prefix) {
        if (i + prefix.length > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[i + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }
}
