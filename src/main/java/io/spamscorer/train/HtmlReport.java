package io.spamscorer.train;

import io.spamscorer.model.Model;
import java.util.Locale;

/**
 * Renders the {@code evaluate --report} page: one self-contained HTML file with inline SVG charts (ROC with the
 * operating point, score histogram by class, reliability diagram, confusion matrix) and the metric table. It
 * loads nothing: no scripts, fonts, styles or images from anywhere else.
 */
public final class HtmlReport {

    private static final int CALIBRATION_BINS = 10;

    private HtmlReport() {
    }

    /**
     * @param model    the evaluated model (name, version and threshold are shown)
     * @param dataName what was scored, e.g. the CSV file name
     * @param scores   spam probabilities from {@link Model#score}
     * @param labels   1 = spam, 0 = ham
     */
    public static String render(final Model model, final String dataName, final double[] scores, final int[] labels) {
        final Metrics m = Metrics.of(scores, labels, model.threshold());
        final Calibration cal = Calibration.of(scores, labels, CALIBRATION_BINS);
        final String title = "Evaluation of " + model.name() + " version " + model.version();
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}")
                .append("svg{font-family:sans-serif;font-size:12px;margin:0 1em 1em 0;border:1px solid #ddd}")
                .append("table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n<p>Data: ")
                .append(escape(dataName)).append(" — ").append(m.rows()).append(" emails (")
                .append(m.tp() + m.fn()).append(" spam, ").append(m.fp() + m.tn()).append(" ham). Threshold ")
                .append(escape(Double.toString(model.threshold()))).append(": an email is marked spam when its spam probability is at least the threshold.</p>\n");
        metricsTable(html, m);
        html.append("<div class=\"charts\">\n")
                .append(SvgCharts.roc(scores, labels, m))
                .append(SvgCharts.histogram(scores, labels, model.threshold()))
                .append(SvgCharts.calibration(cal))
                .append(SvgCharts.confusion(m))
                .append("</div>\n");
        calibrationTable(html, cal);
        return html.append("</body>\n</html>\n").toString();
    }

    private static void metricsTable(final StringBuilder html, final Metrics m) {
        html.append("<h2>Metrics</h2>\n<table>\n");
        row(html, "accuracy", fmt(m.accuracy()));
        row(html, "precision (marked spam that is spam)", m.precisionText());
        row(html, "recall (spam caught)", m.recallText());
        row(html, "F1", m.f1Text());
        row(html, "ROC AUC", Double.isNaN(m.rocAuc()) ? "n/a" : fmt(m.rocAuc()));
        row(html, "false-positive rate (ham marked spam)", m.falsePositiveRateText());
        row(html, "true positives / false positives", m.tp() + " / " + m.fp());
        row(html, "true negatives / false negatives", m.tn() + " / " + m.fn());
        html.append("</table>\n");
    }

    private static void calibrationTable(final StringBuilder html, final Calibration cal) {
        html.append("<h2>Calibration bins</h2>\n<table>\n<tr><th>predicted p</th><th>emails</th>")
                .append("<th>mean predicted</th><th>observed spam share</th></tr>\n");
        for (int b = 0; b < cal.bins(); b++) {
            final boolean empty = cal.count(b) == 0;
            html.append(String.format(Locale.ROOT, "<tr><td>%.1f – %.1f</td><td>%d</td><td>%s</td><td>%s</td></tr>%n",
                    b / (double) cal.bins(), (b + 1) / (double) cal.bins(), cal.count(b),
                    empty ? "–" : fmt(cal.meanPredicted(b)), empty ? "–" : fmt(cal.observed(b))));
        }
        html.append("</table>\n");
    }

    private static void row(final StringBuilder html, final String key, final String value) {
        html.append("<tr><td>").append(escape(key)).append("</td><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static String fmt(final double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Escapes text for HTML element content and double- or single-quoted attributes. */
    static String escape(final String s) {
        final StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
