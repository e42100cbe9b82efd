package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.feedback.ModelQuality;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import io.spamscorer.model.ModelHolder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QualityMetersTest {

    static final ModelRef LIVE = new ModelRef("spambase-logreg", "3");
    static final ModelRef OLD = new ModelRef("spambase-logreg", "2");
    /** tp 8, fp 2, tn 85, fn 5 since the model was first labelled. */
    static final QualityCounts TOTAL = new QualityCounts(8, 2, 85, 5);
    static final QualityCounts DAY = new QualityCounts(3, 1, 20, 0);

    private final AtomicReference<List<ModelQuality>> figures = new AtomicReference<>(List.of());
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ModelHolder models = new ModelHolder(ScoreDriftTest.model(LIVE.name(), LIVE.version(), null));
    private final ScorerMetrics metrics = new ScorerMetrics(registry, models,
            ScoreDriftTest.clock(new AtomicLong(ScoreDriftTest.T0.toEpochMilli())));

    @AfterEach
    void close() {
        metrics.close();
        registry.close();
    }

    private String scrape() {
        metrics.refresh();
        return registry.scrape();
    }

    /**
     * The value of the one series of {@code name} whose labels include {@code labels}, or null when there is none;
     * fails when several match.
     */
    static Double sample(final String exposition, final String name, final String... labels) {
        Double found = null;
        for (final String line : exposition.lines().toList()) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            final String set = line.substring(name.length() + 1, line.indexOf('}'));
            final Map<String, String> tags = new LinkedHashMap<>();
            for (final String pair : set.split(",")) {
                if (!pair.isEmpty()) {
                    tags.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 2, pair.length() - 1));
                }
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= labels[i + 1].equals(tags.get(labels[i]));
            }
            if (all) {
                if (found != null) {
                    throw new AssertionError("several series of " + name + " match " + List.of(labels));
                }
                found = Double.parseDouble(line.substring(line.indexOf('}') + 1).trim().split(" ")[0]);
            }
        }
        return found;
    }

    @Test
    void shouldExposeCountsAndRatiosPerModelAndWindowAsHandComputed() {
        figures.set(List.of(new ModelQuality(LIVE, TOTAL, QualityCounts.ZERO, DAY, 17)));
        metrics.bindQuality(figures::get);
        final String s = scrape();
        final String[] all = {"model", "spambase-logreg", "version", "3", "window", "all"};
        assertEquals(8.0, sample(s, "spam_scorer_quality_labelled", concat(all, "outcome", "tp")));
        assertEquals(2.0, sample(s, "spam_scorer_quality_labelled", concat(all, "outcome", "fp")));
        assertEquals(85.0, sample(s, "spam_scorer_quality_labelled", concat(all, "outcome", "tn")));
        assertEquals(5.0, sample(s, "spam_scorer_quality_labelled", concat(all, "outcome", "fn")));
        assertEquals(8.0 / 10, sample(s, "spam_scorer_quality_precision", all), 1e-12);
        assertEquals(8.0 / 13, sample(s, "spam_scorer_quality_recall", all), 1e-12);
        assertEquals(2.0 / 87, sample(s, "spam_scorer_quality_false_positive_rate", all), 1e-12);
        assertEquals(93.0 / 100, sample(s, "spam_scorer_quality_accuracy", all), 1e-12);
        final String[] day = {"model", "spambase-logreg", "version", "3", "window", "24h"};
        assertEquals(3.0, sample(s, "spam_scorer_quality_labelled", concat(day, "outcome", "tp")));
        assertEquals(3.0 / 4, sample(s, "spam_scorer_quality_precision", day), 1e-12);
        assertEquals(1.0, sample(s, "spam_scorer_quality_recall", day), 1e-12);
        assertEquals(1.0 / 21, sample(s, "spam_scorer_quality_false_positive_rate", day), 1e-12);
        assertEquals(23.0 / 24, sample(s, "spam_scorer_quality_accuracy", day), 1e-12);
        assertEquals(17.0, sample(s, "spam_scorer_quality_awaiting_label", "model", "spambase-logreg", "version", "3"));
    }

    @Test
    void shouldShowNaNForRatiosOfAnEmptyWindow() {
        figures.set(List.of(new ModelQuality(LIVE, TOTAL, QualityCounts.ZERO, DAY, 0)));
        metrics.bindQuality(figures::get);
        final String s = scrape();
        final String[] hour = {"model", "spambase-logreg", "version", "3", "window", "1h"};
        assertEquals(0.0, sample(s, "spam_scorer_quality_labelled", concat(hour, "outcome", "tp")));
        for (final String ratio : List.of("precision", "recall", "false_positive_rate", "accuracy")) {
            assertTrue(Double.isNaN(sample(s, "spam_scorer_quality_" + ratio, hour)), ratio);
        }
        assertTrue(s.contains("spam_scorer_quality_precision{model=\"spambase-logreg\",version=\"3\",window=\"1h\"} NaN"), s);
    }

    @Test
    void shouldAddAndRemoveModelsAsTheReaderReportsThemAtScrapeTime() {
        assertFalse(scrape().contains("spam_scorer_quality_"), "no reader bound: no quality series");
        metrics.bindQuality(figures::get);
        figures.set(List.of(new ModelQuality(OLD, TOTAL, QualityCounts.ZERO, DAY, 0),
                new ModelQuality(LIVE, DAY, DAY, DAY, 4)));
        String s = scrape();
        assertEquals(8.0, sample(s, "spam_scorer_quality_labelled", "version", "2", "window", "all", "outcome", "tp"));
        assertEquals(3.0, sample(s, "spam_scorer_quality_labelled", "version", "3", "window", "all", "outcome", "tp"));
        figures.set(List.of(new ModelQuality(LIVE, TOTAL, DAY, DAY, 5)));
        s = scrape();
        assertEquals(null, sample(s, "spam_scorer_quality_labelled", "version", "2", "window", "all", "outcome", "tp"),
                "a model the reader no longer reports has no series");
        assertFalse(s.contains("version=\"2\""), s);
        assertEquals(8.0, sample(s, "spam_scorer_quality_labelled", "version", "3", "window", "all", "outcome", "tp"),
                "read at scrape time, not cached from the first scrape");
        assertEquals(5.0, sample(s, "spam_scorer_quality_awaiting_label", "version", "3"));
    }

    @Test
    void shouldKeepThePreviousFiguresWhileTheReaderFails() {
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        figures.set(List.of(new ModelQuality(LIVE, TOTAL, DAY, DAY, 5)));
        metrics.bindQuality(() -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return figures.get();
        });
        scrape();
        failure.set(new IllegalStateException("store is migrating"));
        assertEquals(8.0, sample(scrape(), "spam_scorer_quality_labelled", "window", "all", "outcome", "tp"));
    }

    private static String[] concat(final String[] a, final String... b) {
        final String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
