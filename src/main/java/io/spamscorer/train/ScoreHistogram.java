package io.spamscorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import java.util.Arrays;

/**
 * Spam probabilities counted in {@value #BINS} equal-width bins of [0, 1]: bin i holds [i/10, (i+1)/10), the last
 * bin also holds 1.0. The model file's {@code training.scoreHistogram} ({@code {"bins":10,"counts":[...]}}) is this
 * histogram of the cross-validated (out-of-fold) scores of the training data, the reference the scorer's live
 * score-drift figure compares with; {@link #bin(double)} is the one binning both sides use.
 */
public final class ScoreHistogram {

    public static final int BINS = 10;
    /** The field of the model's {@code training} block. */
    public static final String FIELD = "scoreHistogram";

    private final long[] counts;

    private ScoreHistogram(final long[] counts) {
        this.counts = counts;
    }

    /** The bin of a spam probability; values outside [0, 1] (and NaN) go to the nearest end bin. */
    public static int bin(final double p) {
        final int b = (int) (p * BINS);
        return b < 0 ? 0 : Math.min(b, BINS - 1);
    }

    /** Counts {@code scores} into the bins. */
    public static ScoreHistogram of(final double[] scores) {
        final long[] counts = new long[BINS];
        for (final double p : scores) {
            counts[bin(p)]++;
        }
        return new ScoreHistogram(counts);
    }

    /** A histogram of given counts; checked: {@value #BINS} counts, none negative. */
    public static ScoreHistogram ofCounts(final long[] counts) {
        if (counts.length != BINS) {
            throw new IllegalArgumentException("a score histogram has " + BINS + " counts, got " + counts.length);
        }
        for (final long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("score histogram counts must be >= 0, got " + Arrays.toString(counts));
            }
        }
        return new ScoreHistogram(counts.clone());
    }

    /**
     * The histogram in a model's {@code training} block, or null when the block or its {@code scoreHistogram} is
     * absent (a model trained before the field existed).
     *
     * @throws IllegalArgumentException when the field is present but not {@code {"bins":10,"counts":[10 counts >= 0]}}
     */
    public static ScoreHistogram fromTraining(final JsonNode training) {
        if (training == null || !training.has(FIELD)) {
            return null;
        }
        final JsonNode h = training.get(FIELD);
        final JsonNode bins = h.get("bins");
        final JsonNode counts = h.get("counts");
        if (bins == null || !bins.isIntegralNumber() || bins.asInt() != BINS || counts == null || !counts.isArray()
                || counts.size() != BINS) {
            throw new IllegalArgumentException("training." + FIELD + " must be {\"bins\":" + BINS + ",\"counts\":[" + BINS
                    + " counts]}, got " + h);
        }
        final long[] c = new long[BINS];
        for (int i = 0; i < BINS; i++) {
            final JsonNode n = counts.get(i);
            if (!n.isIntegralNumber() || n.asLong() < 0) {
                throw new IllegalArgumentException("training." + FIELD + ".counts[" + i + "] must be a count >= 0, got " + n);
            }
            c[i] = n.asLong();
        }
        return new ScoreHistogram(c);
    }

    /** A copy of the counts. */
    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        long n = 0;
        for (final long c : counts) {
            n += c;
        }
        return n;
    }

    /** {@code {"bins":10,"counts":[...]}}. */
    public ObjectNode toJson() {
        final ObjectNode node = Json.mapper().createObjectNode();
        node.put("bins", BINS);
        final ArrayNode a = node.putArray("counts");
        for (final long c : counts) {
            a.add(c);
        }
        return node;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof ScoreHistogram h && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return Arrays.toString(counts);
    }
}
