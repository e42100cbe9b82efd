package io.spamscorer.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelInputs;
import java.io.IOException;
import java.util.Objects;

/**
 * Reads the {@code features} field of an input record in {@link RecordParser}'s general path: an array of numbers
 * in model order, or an object of name: number, into a {@code double[]} of the model's features. Every problem is an
 * {@link InvalidRecordException} that names the feature ({@code features[3]}, {@code features.word_freq_free}).
 */
final class FeaturesReader {

    private static final int MAX_SHOWN = 40;

    private final MissingFeaturePolicy missingPolicy;

    FeaturesReader(final MissingFeaturePolicy missingPolicy) {
        this.missingPolicy = Objects.requireNonNull(missingPolicy, "missingPolicy == null");
    }

    /** Reads the features value whose first token {@code v} the parser has just read. */
    Parsed read(final JsonParser p, final JsonToken v, final Model model) throws IOException {
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
                "features is " + JsonValues.describe(v) + "; expected an array of numbers or an object of name: number");
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
                JsonValues.skip(p);
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
                JsonValues.skip(p);
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
            return new InvalidRecordException(Reason.BAD_FEATURE_TYPE, field + " is " + JsonValues.describe(t) + "; expected a number");
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

    /** The values in model order, and how many named features the model does not know. */
    record Parsed(double[] values, int unknown) {
    }
}
