package io.spamscorer.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spamscorer.feedback.ModelQuality;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import io.spamscorer.feedback.QualityReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live-quality meters, one set per model name and version that the {@link QualityReader} reports. The reader is
 * read once per {@link #refresh()} (before each scrape); a model appears with its first figures and its series are
 * removed when the reader no longer reports it. Every meter is a gauge with tags {@code model} and {@code version}:
 * a later, contradicting label moves an example from one cell of the confusion matrix to another, so a cell can go
 * down, which a Prometheus counter must not. Names as Prometheus shows them ({@code window} is {@code all},
 * {@code 1h} or {@code 24h}):
 * <ul>
 *   <li>{@code spam_scorer_quality_labelled{model,version,window,outcome}} — labelled examples, outcome
 *   {@code tp}/{@code fp}/{@code tn}/{@code fn} (spam is the positive class)</li>
 *   <li>{@code spam_scorer_quality_precision}, {@code spam_scorer_quality_recall},
 *   {@code spam_scorer_quality_false_positive_rate}, {@code spam_scorer_quality_accuracy}
 *   {@code {model,version,window}} — NaN when the denominator is 0</li>
 *   <li>{@code spam_scorer_quality_awaiting_label{model,version}} — scores within the label retention still waiting for
 *   a label</li>
 * </ul>
 */
final class QualityMeters {

    static final String LABELLED = "spam_scorer.quality.labelled";
    static final String PRECISION = "spam_scorer.quality.precision";
    static final String RECALL = "spam_scorer.quality.recall";
    static final String FALSE_POSITIVE_RATE = "spam_scorer.quality.false_positive_rate";
    static final String ACCURACY = "spam_scorer.quality.accuracy";
    static final String AWAITING = "spam_scorer.quality.awaiting_label";

    private static final Logger LOG = LoggerFactory.getLogger(QualityMeters.class);

    /** The three windows and how to read each from a {@link ModelQuality}. */
    private enum Window {
        ALL("all", ModelQuality::total), HOUR("1h", ModelQuality::lastHour), DAY("24h", ModelQuality::lastDay);

        final String tag;
        final Function<ModelQuality, QualityCounts> counts;

        Window(final String tag, final Function<ModelQuality, QualityCounts> counts) {
            this.tag = tag;
            this.counts = counts;
        }
    }

    private final MeterRegistry registry;
    private final AtomicReference<QualityReader> reader = new AtomicReference<>(QualityReader.NONE);
    private final Map<ModelRef, List<Meter>> meters = new HashMap<>();
    private volatile Map<ModelRef, ModelQuality> latest = Map.of();
    private boolean failing;

    QualityMeters(final MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry == null");
    }

    /** Replaces the reader (at first {@link QualityReader#NONE}); the next refresh reads from it. */
    void bind(final QualityReader next) {
        reader.set(Objects.requireNonNull(next, "reader == null"));
    }

    /**
     * Reads the reader once, registers the meters of new models and removes those of models it no longer reports;
     * returns what it read. A reader that throws (for example while a rebalance moves the join's stores) leaves the
     * previous figures in place, and the failure is logged once until the reader answers again.
     */
    synchronized List<ModelQuality> refresh() {
        final List<ModelQuality> read;
        try {
            read = List.copyOf(reader.get().read());
        } catch (final RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot read the live quality figures; showing the previous ones: {}", e.toString());
                failing = true;
            }
            return List.copyOf(latest.values());
        }
        if (failing) {
            LOG.info("live quality figures readable again");
            failing = false;
        }
        final Map<ModelRef, ModelQuality> next = new LinkedHashMap<>();
        for (final ModelQuality q : read) {
            next.put(q.model(), q);
        }
        latest = next;
        meters.entrySet().removeIf(e -> {
            if (next.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        for (final ModelRef ref : next.keySet()) {
            meters.computeIfAbsent(ref, this::register);
        }
        return List.copyOf(next.values());
    }

    private List<Meter> register(final ModelRef ref) {
        final List<Meter> list = new ArrayList<>();
        for (final Window w : Window.values()) {
            list.add(labelled(ref, w, "tp", QualityCounts::tp));
            list.add(labelled(ref, w, "fp", QualityCounts::fp));
            list.add(labelled(ref, w, "tn", QualityCounts::tn));
            list.add(labelled(ref, w, "fn", QualityCounts::fn));
            list.add(ratio(PRECISION, "Share of spam decisions that users labelled spam", ref, w, QualityCounts::precision));
            list.add(ratio(RECALL, "Share of user-labelled spam that the model called spam", ref, w, QualityCounts::recall));
            list.add(ratio(FALSE_POSITIVE_RATE, "Share of user-labelled ham that the model called spam", ref, w,
                    QualityCounts::falsePositiveRate));
            list.add(ratio(ACCURACY, "Share of labelled examples the model decided as the user did", ref, w,
                    QualityCounts::accuracy));
        }
        list.add(Gauge.builder(AWAITING, this, self -> self.value(ref, q -> q.awaitingLabel()))
                .description("Scores within scorer.labels.retention still waiting for their label")
                .tag("model", ref.name()).tag("version", ref.version())
                .strongReference(true).register(registry));
        return list;
    }

    private Meter labelled(final ModelRef ref, final Window w, final String outcome, final ToDoubleFunction<QualityCounts> f) {
        return Gauge.builder(LABELLED, this, self -> self.value(ref, q -> f.applyAsDouble(w.counts.apply(q))))
                .description("Labelled examples by outcome (spam is positive) and window")
                .tag("model", ref.name()).tag("version", ref.version()).tag("window", w.tag).tag("outcome", outcome)
                .strongReference(true).register(registry);
    }

    private Meter ratio(final String name, final String description, final ModelRef ref, final Window w,
                        final ToDoubleFunction<QualityCounts> f) {
        return Gauge.builder(name, this, self -> self.value(ref, q -> f.applyAsDouble(w.counts.apply(q))))
                .description(description + "; NaN with no examples to divide by")
                .tag("model", ref.name()).tag("version", ref.version()).tag("window", w.tag)
                .strongReference(true).register(registry);
    }

    private double value(final ModelRef ref, final ToDoubleFunction<ModelQuality> f) {
        final ModelQuality q = latest.get(ref);
        return q == null ? Double.NaN : f.applyAsDouble(q);
    }
}
