package io.spamscorer.model;

/**
 * The top-k list of contributions that {@link Model#score} reports: parallel arrays of feature indexes and their
 * signed contributions, larger |c| first, the lower feature index first on a tie (the topFeatures order).
 */
final class TopList {

    private TopList() {
    }

    /**
     * Keeps the k largest |c| in descending order; ties keep the lower feature index first. The caller only calls it
     * with a contribution that enters the list: the list has room, or |c| is above its smallest (the floor in
     * {@link Model#score}), which is also what makes a later equal |c| lose the tie.
     *
     * @return how many entries the list now holds
     */
    static int insert(final int[] idx, final double[] val, final int filled, final int i, final double c) {
        final int k = idx.length;
        final double a = Math.abs(c);
        int pos = filled == k ? k - 1 : filled;
        while (pos > 0 && Math.abs(val[pos - 1]) < a) {
            idx[pos] = idx[pos - 1];
            val[pos] = val[pos - 1];
            pos--;
        }
        idx[pos] = i;
        val[pos] = c;
        return filled == k ? k : filled + 1;
    }

    /** topFeatures order: larger |c| first, the lower feature index first on a tie. */
    static boolean ranksBefore(final double c, final int i, final double other, final int otherIndex) {
        final double a = Math.abs(c);
        final double b = Math.abs(other);
        return a > b || a == b && i < otherIndex;
    }
}
