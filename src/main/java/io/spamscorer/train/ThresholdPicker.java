package io.spamscorer.train;

import java.util.Arrays;

/** Chooses the model file's {@code threshold} from pooled out-of-fold scores under a false-positive budget. */
public final class ThresholdPicker {

    private ThresholdPicker() {
    }

    /**
     * The lowest threshold t in (0, 1) whose ham-as-spam rate (ham with p >= t, over all ham) is at most
     * {@code maxFalsePositiveRate}. With k the largest count of ham allowed above, every t greater than the
     * (k+1)-th highest ham score qualifies, so the answer is the next double above that score.
     */
    public static double lowestThreshold(final double[] scores, final int[] labels, final double maxFalsePositiveRate) {
        if (!(maxFalsePositiveRate >= 0.0 && maxFalsePositiveRate < 1.0)) {
            throw new IllegalArgumentException("max false-positive rate must be >= 0 and < 1, got " + maxFalsePositiveRate);
        }
        final double[] ham = Arrays.stream(indicesOf(labels, 0)).mapToDouble(i -> scores[i]).sorted().toArray();
        if (ham.length == 0) {
            throw new TrainingException("no ham rows: a false-positive rate cannot be controlled");
        }
        final int allowed = allowedFalsePositives(ham.length, maxFalsePositiveRate);
        final double boundary = ham[ham.length - 1 - allowed]; // the (allowed+1)-th highest ham score
        final double t = Math.nextUp(boundary);
        if (!(t < 1.0)) {
            throw new TrainingException("no threshold below 1 keeps the held-out false-positive rate at or below "
                    + maxFalsePositiveRate + ": " + (allowed + 1) + " or more ham rows score " + boundary);
        }
        return t;
    }

    /** Largest k with k / hams <= rate, computed the way {@link Metrics#falsePositiveRate()} divides. */
    static int allowedFalsePositives(final int hams, final double rate) {
        int k = (int) Math.floor(rate * hams);
        while (k + 1 < hams && (double) (k + 1) / hams <= rate) {
            k++;
        }
        while (k > 0 && (double) k / hams > rate) {
            k--;
        }
        return k;
    }

    private static int[] indicesOf(final int[] labels, final int label) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }
}
