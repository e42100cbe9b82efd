package io.spamscorer.feedback;

/**
 * A confusion matrix of labelled examples: the model's spam/ham decision against the user's label. Ratios are NaN
 * when their denominator is 0, so "no data" is never shown as a perfect or a failing figure.
 */
public record QualityCounts(long tp, long fp, long tn, long fn) {

    public static final QualityCounts ZERO = new QualityCounts(0, 0, 0, 0);

    public QualityCounts {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got tp=" + tp + " fp=" + fp + " tn=" + tn + " fn=" + fn);
        }
    }

    /** One example: {@code predictedSpam} is the model's label, {@code spam} the user's. */
    public static QualityCounts one(final boolean predictedSpam, final boolean spam) {
        return new QualityCounts(predictedSpam && spam ? 1 : 0, predictedSpam && !spam ? 1 : 0,
                !predictedSpam && !spam ? 1 : 0, !predictedSpam && spam ? 1 : 0);
    }

    public QualityCounts plus(final QualityCounts o) {
        return new QualityCounts(tp + o.tp, fp + o.fp, tn + o.tn, fn + o.fn);
    }

    public QualityCounts minus(final QualityCounts o) {
        return new QualityCounts(tp - o.tp, fp - o.fp, tn - o.tn, fn - o.fn);
    }

    public long labelled() {
        return tp + fp + tn + fn;
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double falsePositiveRate() {
        return ratio(fp, fp + tn);
    }

    public double accuracy() {
        return ratio(tp + tn, labelled());
    }

    private static double ratio(final long num, final long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }
}
