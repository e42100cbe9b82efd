package io.spamscorer.train;

import java.util.Arrays;
import java.util.Locale;

/**
 * Draws the evaluation charts as inline SVG elements (no xmlns URL, scripts or external references): ROC curve,
 * score histogram by class, reliability diagram and confusion matrix. Coordinates are plot units on a fixed
 * 440 × 340 canvas.
 */
final class SvgCharts {

    static final String HAM_COLOUR = "#1f77b4";
    static final String SPAM_COLOUR = "#d62728";

    private static final int WIDTH = 440;
    private static final int HEIGHT = 340;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 35;
    private static final int BOTTOM = 50;
    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

    private SvgCharts() {
    }

    /** ROC curve from the scores, the chance diagonal and the operating point at {@code m.threshold()}. */
    static String roc(final double[] scores, final int[] labels, final Metrics m) {
        final Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        final long pos = m.tp() + m.fn();
        final long neg = m.fp() + m.tn();
        final StringBuilder points = new StringBuilder(xy(0, 0));
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < order.length) {
            final double s = scores[order[i]];
            // Tied scores move together: one diagonal step, as the rank-statistic AUC counts them.
            while (i < order.length && scores[order[i]] == s) {
                if (labels[order[i]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            points.append(' ').append(xy(ratio(fp, neg), ratio(tp, pos)));
        }
        final StringBuilder svg = open("ROC curve (AUC " + auc(m) + ")", "false-positive rate (ham marked spam)",
                "true-positive rate (spam caught)");
        axes(svg, 1.0);
        svg.append(line(0, 0, 1, 1, "#999", "4 4"));
        svg.append("<polyline fill=\"none\" stroke=\"").append(SPAM_COLOUR).append("\" stroke-width=\"2\" points=\"")
                .append(points).append("\"/>\n");
        final double ox = m.falsePositiveRate();
        final double oy = m.recall();
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"black\"/>%n", px(ox), py(oy, 1.0)));
        svg.append(text(px(ox) + 8, py(oy, 1.0) + 16, "start", String.format(Locale.ROOT,
                "threshold %s: FPR %.3f, TPR %.3f", shortNum(m.threshold()), ox, oy)));
        return close(svg);
    }

    /** Histogram of spam probabilities in 20 bins, ham and spam side by side, with the threshold marked. */
    static String histogram(final double[] scores, final int[] labels, final double threshold) {
        final int bins = 20;
        final long[] ham = new long[bins];
        final long[] spam = new long[bins];
        for (int i = 0; i < scores.length; i++) {
            final int b = Math.min((int) (scores[i] * bins), bins - 1);
            (labels[i] == 1 ? spam : ham)[b]++;
        }
        long max = 1;
        for (int b = 0; b < bins; b++) {
            max = Math.max(max, Math.max(ham[b], spam[b]));
        }
        final double top = niceCeiling(max);
        final StringBuilder svg = open("Score distribution by class", "spam probability (20 bins)", "emails");
        axes(svg, top);
        final double barW = PLOT_W / (double) bins / 2.0;
        for (int b = 0; b < bins; b++) {
            svg.append(bar(px(b / (double) bins), barW, ham[b], top, HAM_COLOUR, "ham", b, bins));
            svg.append(bar(px(b / (double) bins) + barW, barW, spam[b], top, SPAM_COLOUR, "spam", b, bins));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"5 3\"/>%n",
                px(threshold), TOP, px(threshold), TOP + PLOT_H));
        // Label on the side with more room, so a threshold near 1 is not clipped by the frame.
        final boolean right = threshold < 0.6;
        svg.append(text(px(threshold) + (right ? 4 : -4), TOP + 12, right ? "start" : "end", "threshold " + shortNum(threshold)));
        legend(svg, right ? 0.62 : 0.3); // beside the threshold line, never across it
        return close(svg);
    }

    /** Reliability diagram: per 0.1-wide bin of predicted probability, mean prediction against observed spam share. */
    static String calibration(final Calibration cal) {
        final StringBuilder svg = open("Calibration (reliability diagram, 10 bins)", "mean predicted spam probability",
                "observed share of spam");
        axes(svg, 1.0);
        svg.append(line(0, 0, 1, 1, "#999", "4 4"));
        final StringBuilder points = new StringBuilder();
        for (int b = 0; b < cal.bins(); b++) {
            if (cal.count(b) > 0) {
                points.append(points.length() == 0 ? "" : " ").append(xy(cal.meanPredicted(b), cal.observed(b)));
            }
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(SPAM_COLOUR).append("\" stroke-width=\"2\" points=\"")
                .append(points).append("\"/>\n");
        for (int b = 0; b < cal.bins(); b++) {
            if (cal.count(b) > 0) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%d emails: "
                                + "predicted %.3f, observed %.3f</title></circle>%n", px(cal.meanPredicted(b)),
                        py(cal.observed(b), 1.0), SPAM_COLOUR, cal.count(b), cal.meanPredicted(b), cal.observed(b)));
            }
        }
        return close(svg);
    }

    /** 2 × 2 grid, rows = actual class, columns = predicted class, shaded by each cell's share of its row. */
    static String confusion(final Metrics m) {
        final StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(text(WIDTH / 2.0, 20, "middle", "Confusion matrix at threshold " + shortNum(m.threshold()), "bold"));
        final int x0 = 130;
        final int y0 = 70;
        final int cell = 130;
        svg.append(text(x0 + cell, y0 - 22, "middle", "predicted"));
        svg.append(text(x0 + cell / 2.0, y0 - 6, "middle", "spam"));
        svg.append(text(x0 + cell * 1.5, y0 - 6, "middle", "ham"));
        svg.append(String.format(Locale.ROOT, "<text x=\"30\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 30 %d)\">actual</text>%n",
                y0 + cell, y0 + cell));
        svg.append(text(x0 - 10, y0 + cell / 2.0 + 5, "end", "spam"));
        svg.append(text(x0 - 10, y0 + cell * 1.5 + 5, "end", "ham"));
        svg.append(cell(x0, y0, cell, "TP", m.tp(), m.tp() + m.fn(), SPAM_COLOUR));
        svg.append(cell(x0 + cell, y0, cell, "FN", m.fn(), m.tp() + m.fn(), "#777777"));
        svg.append(cell(x0, y0 + cell, cell, "FP", m.fp(), m.fp() + m.tn(), "#777777"));
        svg.append(cell(x0 + cell, y0 + cell, cell, "TN", m.tn(), m.fp() + m.tn(), HAM_COLOUR));
        return close(svg);
    }

    private static String cell(final int x, final int y, final int size, final String name, final long count,
                               final long rowTotal, final String colour) {
        final double share = rowTotal == 0 ? 0.0 : (double) count / rowTotal;
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\" "
                        + "stroke=\"#333\"/>%n", x, y, size, size, colour, 0.1 + 0.8 * share)
                + text(x + size / 2.0, y + size / 2.0 - 4, "middle", name + " " + count, "bold")
                + text(x + size / 2.0, y + size / 2.0 + 16, "middle", String.format(Locale.ROOT, "%.1f %% of row", 100 * share));
    }

    private static StringBuilder open(final String title, final String xLabel, final String yLabel) {
        final StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(text(WIDTH / 2.0, 20, "middle", title, "bold"));
        svg.append(text(LEFT + PLOT_W / 2.0, HEIGHT - 10, "middle", xLabel));
        final double cy = TOP + PLOT_H / 2.0;
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
                cy, cy, HtmlReport.escape(yLabel)));
        return svg;
    }

    private static String close(final StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    /** Frame, x ticks 0…1 and y ticks 0…yMax, five intervals each. */
    private static void axes(final StringBuilder svg, final double yMax) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, TOP, PLOT_W, PLOT_H));
        for (int t = 0; t <= 5; t++) {
            final double v = t / 5.0;
            final double x = px(v);
            final double y = py(v * yMax, yMax);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>%n",
                    x, TOP + PLOT_H, x, TOP + PLOT_H + 5));
            svg.append(text(x, TOP + PLOT_H + 18, "middle", String.format(Locale.ROOT, "%.1f", v)));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                    LEFT - 5, y, LEFT, y));
            final String label = yMax == 1.0 ? String.format(Locale.ROOT, "%.1f", v) : Long.toString(Math.round(v * yMax));
            svg.append(text(LEFT - 8, y + 4, "end", label));
        }
    }

    private static void legend(final StringBuilder svg, final double at) {
        final int x = (int) Math.round(px(at));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, TOP + 22, HAM_COLOUR));
        svg.append(text(x + 18, TOP + 32, "start", "ham (0)"));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, TOP + 40, SPAM_COLOUR));
        svg.append(text(x + 18, TOP + 50, "start", "spam (1)"));
    }

    private static String bar(final double x, final double w, final long count, final double top, final String colour,
                              final String cls, final int bin, final int bins) {
        final double y = py(count, top);
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s, p in [%.2f, %.2f): %d</title></rect>%n", x, y, w, TOP + PLOT_H - y, colour, cls,
                bin / (double) bins, (bin + 1) / (double) bins, count);
    }

    private static String line(final double x1, final double y1, final double x2, final double y2, final String colour,
                               final String dash) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"%s\"/>%n",
                px(x1), py(y1, 1.0), px(x2), py(y2, 1.0), colour, dash);
    }

    private static String text(final double x, final double y, final String anchor, final String s) {
        return text(x, y, anchor, s, "normal");
    }

    private static String text(final double x, final double y, final String anchor, final String s, final String weight) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n",
                x, y, anchor, weight, HtmlReport.escape(s));
    }

    private static String xy(final double x, final double y) {
        return String.format(Locale.ROOT, "%.1f,%.1f", px(x), py(y, 1.0));
    }

    private static double px(final double v) {
        return LEFT + v * PLOT_W;
    }

    private static double py(final double v, final double max) {
        return TOP + PLOT_H - v / max * PLOT_H;
    }

    private static double ratio(final long a, final long b) {
        return b == 0 ? 0.0 : (double) a / b;
    }

    /** Smallest of 1, 2, 5 × 10^k that is >= v and divisible into five integer ticks. */
    static double niceCeiling(final long v) {
        long step = 1;
        while (true) {
            for (final long f : new long[] {1, 2, 5}) {
                if (5 * f * step >= v) {
                    return 5.0 * f * step;
                }
            }
            step *= 10;
        }
    }

    private static String auc(final Metrics m) {
        return Double.isNaN(m.rocAuc()) ? "n/a" : String.format(Locale.ROOT, "%.4f", m.rocAuc());
    }

    /** Up to four decimals without trailing zeros: 0.5 stays "0.5", a picked threshold reads "0.9731". */
    static String shortNum(final double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4f", v)).stripTrailingZeros().toPlainString();
    }
}
