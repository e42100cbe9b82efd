package io.spamscorer.train;

/** Reliability-diagram bins: equal-width bins of predicted probability with mean prediction and observed spam share. */
final class Calibration {

    private final long[] count;
    private final double[] sumPredicted;
    private final long[] spam;

    private Calibration(final int bins) {
        count = new long[bins];
        sumPredicted = new double[bins];
        spam = new long[bins];
    }

    /** Bins [0, 0.1), [0.1, 0.2) … [0.9, 1.0] for {@code bins} = 10; p = 1 falls in the last bin. */
    static Calibration of(final double[] scores, final int[] labels, final int bins) {
        final Calibration c = new Calibration(bins);
        for (int i = 0; i < scores.length; i++) {
            final int b = Math.min((int) (scores[i] * bins), bins - 1);
            c.count[b]++;
            c.sumPredicted[b] += scores[i];
            c.spam[b] += labels[i];
        }
        return c;
    }

    int bins() {
        return count.length;
    }

    long count(final int b) {
        return count[b];
    }

    /** NaN for an empty bin. */
    double meanPredicted(final int b) {
        return sumPredicted[b] / count[b];
    }

    /** NaN for an empty bin. */
    double observed(final int b) {
        return (double) spam[b] / count[b];
    }
}
