package io.spamscorer.demo;

import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Live quality per model as {@code demo --feedback} shows it, tallied from the examples topic (the latest label per
 * email id, each with the live model's decision and, where one scored it, the shadow's): the same figures the
 * scorer's {@code /quality} reports, computed from the records the join wrote.
 */
public final class FeedbackQuality {

    private FeedbackQuality() {
    }

    /** Each model's counts over the examples it decided, live and shadow decisions alike, in first-seen order. */
    public static Map<ModelRef, QualityCounts> perModel(final Collection<Example> examples) {
        final Map<ModelRef, QualityCounts> out = new LinkedHashMap<>();
        for (final Example e : examples) {
            final boolean spam = e.label().isSpam();
            out.merge(e.model(), QualityCounts.one(e.predicted().isSpam(), spam), QualityCounts::plus);
            if (e.shadow() != null) {
                out.merge(e.shadow().model(), QualityCounts.one(e.shadow().predicted().isSpam(), spam), QualityCounts::plus);
            }
        }
        return out;
    }

    /** The live and the shadow decisions on the examples {@code shadow} scored: the same messages, the same labels. */
    public static QualityCounts[] sideBySide(final Collection<Example> examples, final ModelRef shadow) {
        QualityCounts live = QualityCounts.ZERO;
        QualityCounts challenger = QualityCounts.ZERO;
        for (final Example e : examples) {
            if (e.shadow() != null && e.shadow().model().equals(shadow)) {
                final boolean spam = e.label().isSpam();
                live = live.plus(QualityCounts.one(e.predicted().isSpam(), spam));
                challenger = challenger.plus(QualityCounts.one(e.shadow().predicted().isSpam(), spam));
            }
        }
        return new QualityCounts[] {live, challenger};
    }

    /** One line per model: labelled count, precision, recall, false-positive rate, accuracy and the matrix. */
    public static void printPerModel(final PrintStream out, final Map<ModelRef, QualityCounts> perModel) {
        out.printf(Locale.ROOT, "  %-44s %9s %9s %7s %7s %9s   %s%n", "model", "labelled", "precision", "recall", "FPR",
                "accuracy", "confusion matrix");
        perModel.forEach((model, c) -> out.printf(Locale.ROOT, "  %-44s %9d %9s %7s %7s %9s   tp %d, fp %d, tn %d, fn %d%n",
                model, c.labelled(), fmt(c.precision()), fmt(c.recall()), fmt(c.falsePositiveRate()), fmt(c.accuracy()),
                c.tp(), c.fp(), c.tn(), c.fn()));
    }

    /** Two columns, live and shadow, over the same examples. */
    public static void printSideBySide(final PrintStream out, final ModelRef live, final ModelRef shadow,
                                       final QualityCounts[] counts) {
        final String a = "live " + live;
        final String b = "shadow " + shadow;
        final int w = Math.max(a.length(), 12) + 2;
        out.printf(Locale.ROOT, "  %-20s %-" + w + "s %s%n", "", a, b);
        row(out, w, "labelled", Long.toString(counts[0].labelled()), Long.toString(counts[1].labelled()));
        row(out, w, "precision", fmt(counts[0].precision()), fmt(counts[1].precision()));
        row(out, w, "recall", fmt(counts[0].recall()), fmt(counts[1].recall()));
        row(out, w, "false-positive rate", fmt(counts[0].falsePositiveRate()), fmt(counts[1].falsePositiveRate()));
        row(out, w, "accuracy", fmt(counts[0].accuracy()), fmt(counts[1].accuracy()));
        row(out, w, "tp / fp / tn / fn", matrix(counts[0]), matrix(counts[1]));
    }

    private static void row(final PrintStream out, final int w, final String name, final String a, final String b) {
        out.printf(Locale.ROOT, "  %-20s %-" + w + "s %s%n", name, a, b);
    }

    private static String matrix(final QualityCounts c) {
        return c.tp() + " / " + c.fp() + " / " + c.tn() + " / " + c.fn();
    }

    /** Four decimals, or "n/a" for a ratio with nothing to divide by. */
    static String fmt(final double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
