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
        final int idStart = field(b, token(b, 0, '{'), ID);
        final int idEnd = idEnd(b, idStart);
        if (idEnd < 0) {
            return null;
        }
        final String id = new String(b, idStart + 1, idEnd - idStart - 1, StandardCharsets.ISO_8859_1);
        if (id.isBlank()) {
            return null;
        }
        final int featuresStart = token(b, field(b, token(b, idEnd + 1, ','), FEATURES), '[');
        if (featuresStart < 0) {
            return null;
        }
        final double[] x = new double[model.featureCount()];
        return token(b, features(b, featuresStart, x), '}') == b.length ? new FeatureVector(id, x, model, 0) : null;
    }

    /**
     * The index of the closing quote of the id string that starts at {@code start}, or -1 when there is none or the
     * id has a character the fast path leaves to Jackson.
     */
    private static int idEnd(final byte[] b, final int start) {
        if (start < 0 || start >= b.length || b[start] != '"') {
            return -1;
        }
        int i = start + 1;
        while (i < b.length && b[i] != '"') {
            if (!Json.isPlainChar(b[i]) || i - start > MAX_ID_CHARS) {
                return -1;
            }
            i++;
        }
        return i < b.length ? i : -1;
    }

    /**
     * After optional whitespace at {@code from}, the byte {@code c} and optional whitespace: the index after them, or
     * -1 when {@code c} is not there (or {@code from} is already -1, so that steps chain).
     */
    private static int token(final byte[] b, final int from, final char c) {
        if (from < 0) {
            return -1;
        }
        final int i = ws(b, from);
        return i < b.length && b[i] == c ? ws(b, i + 1) : -1;
    }

    /** The quoted field {@code name} at {@code from}, then its colon: the index of its value, or -1. */
    private static int field(final byte[] b, final int from, final byte[] name) {
        return from >= 0 && startsWith(b, from, name) ? token(b, from + name.length, ':') : -1;
    }

    /**
     * Reads exactly {@code x.length} comma-separated numbers from {@code from} (just after {@code [}, and its
     * whitespace); returns the index after the closing {@code ]}, or -1 for anything else.
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
                return count == x.length ? i + 1 : -1;
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
