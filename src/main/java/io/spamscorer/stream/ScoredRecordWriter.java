package io.spamscorer.stream;

import io.spamscorer.json.Json;
import io.spamscorer.json.ShortestDouble;
import io.spamscorer.model.Contribution;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One stream thread's output buffer. The serializer instance is shared by every stream thread of the
 * topology, so the buffer is per thread; each record's bytes are copied out, as the producer keeps them.
 */
final class ScoredRecordWriter {

    private static final byte[] OPEN_ID = ascii("{\"id\":\"");
    private static final byte[] SPAM_PROBABILITY_ = ascii("\",\"spamProbability\":");
    private static final byte[] LABEL_ = ascii(",\"label\":\"");
    private static final byte[] LOGIT_ = ascii("\",\"logit\":");
    private static final String SPAM = "spam";
    private static final String HAM = "ham";
    private static final byte[] LABEL_SPAM_LOGIT_ = ascii(",\"label\":\"spam\",\"logit\":");
    private static final byte[] LABEL_HAM_LOGIT_ = ascii(",\"label\":\"ham\",\"logit\":");
    private static final byte[] THRESHOLD_ = ascii(",\"threshold\":");
    private static final byte[] MODEL_NAME_ = ascii(",\"model\":{\"name\":\"");
    private static final byte[] VERSION_ = ascii("\",\"version\":\"");
    private static final byte[] SCORED_AT_ = ascii("\"},\"scoredAt\":\"");
    private static final byte[] TOP_FEATURES_ = ascii("\",\"topFeatures\":[");
    private static final byte[] FEATURE_ = ascii("{\"feature\":\"");
    private static final byte[] CONTRIBUTION_ = ascii("\",\"contribution\":");
    private static final byte[] CLOSE_FEATURES = ascii("]}");
    private static final byte[] CLOSE_NO_FEATURES = ascii("\"}");

    private static final int NAME_SLOTS = 256;

    private byte[] buf = new byte[1024];
    private int len;
    /**
     * {@code ,"threshold":…,"model":{"name":"…","version":"…"},"scoredAt":"} of the last model seen: the same for
     * record after record, so it is kept as bytes, for the model identified by the other three fields.
     */
    private byte[] modelPart;
    private long modelPartThreshold;
    private String modelPartName;
    private String modelPartVersion;
    /**
     * {@code {"feature":"…","contribution":} per feature name, in a slot chosen by the name's hash; a name whose
     * slot is taken is written out each time. Emptied when the model changes, so the new model's names get slots.
     */
    private final String[] names = new String[NAME_SLOTS];
    private final byte[][] nameParts = new byte[NAME_SLOTS][];

    /** The record's bytes, or null when it needs escaping or has a non-finite number. */
    byte[] write(final ScoredRecord r) {
        len = 0;
        raw(OPEN_ID);
        if (!text(r.id())) {
            return null;
        }
        raw(SPAM_PROBABILITY_);
        if (!number(r.spamProbability())) {
            return null;
        }
        final String label = r.label();
        if (SPAM.equals(label)) {
            raw(LABEL_SPAM_LOGIT_);
        } else if (HAM.equals(label)) {
            raw(LABEL_HAM_LOGIT_);
        } else {
            raw(LABEL_);
            if (!text(label)) {
                return null;
            }
            raw(LOGIT_);
        }
        if (!number(r.logit())) {
            return null;
        }
        if (!model(r)) {
            return null;
        }
        raw(ScoredAt.of(r.scoredAtMillis()).bytes());
        final List<Contribution> top = r.topFeatures();
        if (top.isEmpty()) {
            raw(CLOSE_NO_FEATURES);
            return Arrays.copyOf(buf, len);
        }
        raw(TOP_FEATURES_);
        for (int i = 0; i < top.size(); i++) {
            final Contribution c = top.get(i);
            if (i > 0) {
                put((byte) ',');
            }
            if (!feature(c.feature())) {
                return null;
            }
            if (!number(c.contribution())) {
                return null;
            }
            put((byte) '}');
        }
        raw(CLOSE_FEATURES);
        return Arrays.copyOf(buf, len);
    }

    /** Copies a string that JSON needs no escape for; false when it has any other character. */
    private boolean text(final String s) {
        final int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            if (!Json.isPlainChar(c)) {
                return false;
            }
            buf[len + i] = (byte) c;
        }
        len += n;
        return true;
    }

    /** Writes the threshold, the model object and the start of scoredAt; false when they need the generator. */
    private boolean model(final ScoredRecord r) {
        final long threshold = Double.doubleToRawLongBits(r.threshold());
        if (modelPart != null && threshold == modelPartThreshold && r.modelName().equals(modelPartName)
                && r.modelVersion().equals(modelPartVersion)) {
            raw(modelPart);
            return true;
        }
        final int from = len;
        raw(THRESHOLD_);
        if (!number(r.threshold())) {
            return false;
        }
        raw(MODEL_NAME_);
        if (!text(r.modelName())) {
            return false;
        }
        raw(VERSION_);
        if (!text(r.modelVersion())) {
            return false;
        }
        raw(SCORED_AT_);
        if (!r.modelName().equals(modelPartName) || !r.modelVersion().equals(modelPartVersion)) {
            Arrays.fill(names, null);
            Arrays.fill(nameParts, null);
        }
        modelPart = Arrays.copyOfRange(buf, from, len);
        modelPartThreshold = threshold;
        modelPartName = r.modelName();
        modelPartVersion = r.modelVersion();
        return true;
    }

    /** Writes {@code {"feature":"name","contribution":}; false when the name needs escaping. */
    private boolean feature(final String name) {
        final int slot = name.hashCode() & (NAME_SLOTS - 1);
        if (name.equals(names[slot])) {
            raw(nameParts[slot]);
            return true;
        }
        final int from = len;
        raw(FEATURE_);
        if (!text(name)) {
            return false;
        }
        raw(CONTRIBUTION_);
        if (names[slot] == null) {
            names[slot] = name;
            nameParts[slot] = Arrays.copyOfRange(buf, from, len);
        }
        return true;
    }

    /**
     * The same text as Jackson's {@code writeNumber(double)} with the fast writer, written in place: Jackson's
     * own call allocated ~140 B per double. False when not finite (the generator decides how those look).
     */
    private boolean number(final double d) {
        if (!Double.isFinite(d)) {
            return false;
        }
        ensure(ShortestDouble.MAX_LENGTH);
        len = ShortestDouble.write(d, buf, len);
        return true;
    }

    private void raw(final byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void put(final byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(final int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
