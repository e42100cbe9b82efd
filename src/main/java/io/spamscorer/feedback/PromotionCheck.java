package io.spamscorer.feedback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a shadow model may become live: over the examples labelled within a window that the shadow scored, its
 * false-positive rate must be no higher and its accuracy no lower than the live model's on the same examples, and
 * there must be at least {@code minExamples} of them. Pure: the {@code promote} command reads the examples topic and
 * hands the latest example per id here.
 */
public final class PromotionCheck {

    /** The figures compared, and why the promotion is refused (empty when it is accepted). */
    public record Outcome(ModelRef shadow, long examples, int minExamples, QualityCounts live, QualityCounts challenger,
                          List<String> refusals) {

        public Outcome {
            Objects.requireNonNull(shadow, "shadow == null");
            Objects.requireNonNull(live, "live == null");
            Objects.requireNonNull(challenger, "challenger == null");
            refusals = List.copyOf(refusals);
        }

        public boolean accepted() {
            return refusals.isEmpty();
        }

        /** The refusals in one line, or "accepted". */
        public String reason() {
            return accepted() ? "accepted" : String.join("; ", refusals);
        }
    }

    private PromotionCheck() {
    }

    /**
     * Tallies the examples the shadow {@code shadow} (name and version) scored and whose label time is within
     * {@code window} before {@code now}, and decides on them. Examples scored by another shadow, or by none, do not
     * count: they say nothing about this challenger.
     *
     * @param examples the latest example per id (the examples topic is compacted by id)
     */
    public static Outcome check(final ModelRef shadow, final Iterable<Example> examples, final Instant now,
                                final Duration window, final int minExamples) {
        Objects.requireNonNull(shadow, "shadow == null");
        final long from = now.minus(window).toEpochMilli();
        QualityCounts live = QualityCounts.ZERO;
        QualityCounts challenger = QualityCounts.ZERO;
        for (final Example e : examples) {
            if (e.shadow() == null || !shadow.equals(e.shadow().model()) || e.labelAt() < from) {
                continue;
            }
            final boolean spam = e.label().isSpam();
            live = live.plus(QualityCounts.one(e.predicted().isSpam(), spam));
            challenger = challenger.plus(QualityCounts.one(e.shadow().predicted().isSpam(), spam));
        }
        return decide(shadow, live, challenger, minExamples);
    }

    /**
     * Decides on counts of the same examples: {@code live} the live model's decisions, {@code challenger} the shadow's.
     * A false-positive rate with no ham among the examples is NaN for both and compares as equal.
     */
    public static Outcome decide(final ModelRef shadow, final QualityCounts live, final QualityCounts challenger,
                                 final int minExamples) {
        if (minExamples < 1) {
            throw new IllegalArgumentException("minExamples must be >= 1, got " + minExamples);
        }
        if (live.labelled() != challenger.labelled()) {
            throw new IllegalArgumentException("live and shadow counts must cover the same examples, got "
                    + live.labelled() + " and " + challenger.labelled());
        }
        final long n = challenger.labelled();
        final List<String> refusals = new ArrayList<>();
        if (n < minExamples) {
            refusals.add("only " + n + " labelled example(s) scored by shadow " + shadow + ", " + minExamples
                    + " needed (" + (minExamples - n) + " missing)");
        } else {
            final double liveFpr = live.falsePositiveRate();
            final double shadowFpr = challenger.falsePositiveRate();
            if (!Double.isNaN(shadowFpr) && shadowFpr > liveFpr) {
                refusals.add("shadow false-positive rate " + fmt(shadowFpr) + " is worse than live " + fmt(liveFpr)
                        + " by " + fmt(shadowFpr - liveFpr) + " (" + challenger.fp() + " vs " + live.fp()
                        + " false positives)");
            }
            final double liveAcc = live.accuracy();
            final double shadowAcc = challenger.accuracy();
            if (shadowAcc < liveAcc) {
                refusals.add("shadow accuracy " + fmt(shadowAcc) + " is worse than live " + fmt(liveAcc) + " by "
                        + fmt(liveAcc - shadowAcc) + " (" + (challenger.tp() + challenger.tn()) + " vs "
                        + (live.tp() + live.tn()) + " correct of " + n + ")");
            }
        }
        return new Outcome(shadow, n, minExamples, live, challenger, refusals);
    }

    /** Four decimals, a dot whatever the locale. */
    public static String fmt(final double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
