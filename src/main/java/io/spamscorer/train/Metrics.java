package io.spamscorer.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import java.util.Arrays;
import java.util.Locale;

/**
 * Binary-classification metrics of spam probabilities against 0/1 labels at one threshold (spam when
 * p >= threshold, as {@code Model.score} decides), plus the threshold-free ROC AUC; rendered as text for the
 * CLI and as the model file's {@code training.crossValidation} fields.
 */
public record Metrics(double threshold, long tp, long fp, long tn, long fn, double rocAuc) {

    /** Computes the confusion matrix at {@code threshold} and the AUC of {@code scores}. */
    public static Metrics of(final double[] scores, final int[] labels, final double threshold) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            final boolean predicted = scores[i] >= threshold;
            if (labels[i] == 1) {
                tp += predicted ? 1 : 0;
                fn += predicted ? 0 : 1;
            } else {
                fp += predicted ? 1 : 0;
                tn += predicted ? 0 : 1;
            }
        }
        return new Metrics(threshold, tp, fp, tn, fn, rocAuc(scores, labels));
    }

    /**
     * The Mann–Whitney rank statistic: the probability that a random spam scores above a random ham, ties
     * counting one half (tied scores share their average rank). NaN when either class is absent.
     */
    public static double rocAuc(final double[] scores, final int[] labels) {
        final int n = scores.length;
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0.0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            final double averageRank = (i + j) / 2.0 + 1.0; // ranks i+1 … j+1 share their mean
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        final long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    public long rows() {
        return tp + fp + tn + fn;
    }

    public double accuracy() {
        return ratio(tp + tn, rows());
    }

    /** Of the mails marked spam, the share that is spam; 0 when nothing is marked spam. */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** Of the spam, the share caught; 0 when there is no spam. */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** Ham marked spam, as a share of all ham; 0 when there is no ham. */
    public double falsePositiveRate() {
        return ratio(fp, fp + tn);
    }

    private static double ratio(final long num, final long den) {
        return den == 0 ? 0.0 : (double) num / den;
    }

    /** Writes the metrics as fields of {@code node}: the model file's crossValidation layout. */
    public ObjectNode writeTo(final ObjectNode node) {
        node.put("threshold", threshold);
        node.put("accuracy", accuracy());
        node.put("precision", precision());
        node.put("recall", recall());
        node.put("f1", f1());
        if (Double.isNaN(rocAuc)) {
            node.putNull("rocAuc");
        } else {
            node.put("rocAuc", rocAuc);
        }
        node.put("falsePositiveRate", falsePositiveRate());
        final ObjectNode cm = node.putObject("confusionMatrix");
        cm.put("tp", tp);
        cm.put("fp", fp);
        cm.put("tn", tn);
        cm.put("fn", fn);
        return node;
    }

    /** The metrics as a fresh JSON object. */
    public ObjectNode toJson() {
        return writeTo(Json.mapper().createObjectNode());
    }

    /** Aligned plain-text lines for stdout. */
    public String format() {
        final StringBuilder s = new StringBuilder();
        line(s, "rows", Long.toString(rows()) + " (spam " + (tp + fn) + ", ham " + (fp + tn) + ")");
        line(s, "threshold", Double.toString(threshold) + " (spam when p >= threshold)");
        line(s, "accuracy", num(accuracy()));
        line(s, "precision", precisionText());
        line(s, "recall", recallText());
        line(s, "f1", f1Text());
        line(s, "roc auc", Double.isNaN(rocAuc) ? "n/a (needs both classes)" : num(rocAuc));
        line(s, "false positive rate", falsePositiveRateText() + " (ham marked spam)");
        line(s, "confusion matrix", "tp " + tp + ", fp " + fp + ", tn " + tn + ", fn " + fn);
        return s.toString();
    }

    // The *Text forms say n/a where the ratio has nothing to divide by: a printed 0.0000 would read as a measurement
    // (e.g. "no ham marked spam" when there was no ham at all).

    /** {@link #precision()} with 4 decimals, or n/a when nothing is marked spam. */
    public String precisionText() {
        return tp + fp == 0 ? "n/a (nothing marked spam)" : num(precision());
    }

    /** {@link #recall()} with 4 decimals, or n/a when there is no spam. */
    public String recallText() {
        return tp + fn == 0 ? "n/a (no spam rows)" : num(recall());
    }

    /** {@link #f1()} with 4 decimals, or n/a when there is no spam and nothing is marked spam. */
    public String f1Text() {
        return 2 * tp + fp + fn == 0 ? "n/a (no spam rows, nothing marked spam)" : num(f1());
    }

    /** {@link #falsePositiveRate()} with 4 decimals, or n/a when there is no ham. */
    public String falsePositiveRateText() {
        return fp + tn == 0 ? "n/a (no ham rows)" : num(falsePositiveRate());
    }

    private static void line(final StringBuilder s, final String key, final String value) {
        s.append(String.format(Locale.ROOT, "  %-20s %s%n", key, value));
    }

    static String num(final double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
