package io.spamscorer.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.spamscorer.feedback.ModelQuality;
import io.spamscorer.feedback.QualityReader;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.Reason;
import io.spamscorer.stream.ScoredRecord;
import io.spamscorer.stream.ScoringListener;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The scorer's own meters, fed by the topology through {@link ScoringListener}, plus every Kafka Streams and client
 * metric once {@link #bindStreams(KafkaStreams)} is called. Names as Prometheus shows them:
 * <ul>
 *   <li>{@code spam_scorer_records_scored_total{label}} — records scored, by label ({@code spam}/{@code ham})</li>
 *   <li>{@code spam_scorer_records_dead_lettered_total{reason}} — dead-lettered records by {@link Reason#label()}</li>
 *   <li>{@code spam_scorer_features_unknown_total} — feature names seen in named records that the model does not know</li>
 *   <li>{@code spam_scorer_scoring_latency_seconds} — histogram of the time spent parsing and scoring one record</li>
 *   <li>{@code spam_scorer_end_to_end_latency_seconds} — histogram of now − input record timestamp, "now" being the
 *   record's {@code scoredAt}</li>
 *   <li>{@code spam_scorer_model_info{name,version}} — 1 for the current model; a replaced model's series is removed</li>
 *   <li>{@code spam_scorer_spam_ratio} — spam / scored since start (0 before the first record)</li>
 *   <li>{@code spam_scorer_models_rejected_total} — published models rejected by the model topic watcher</li>
 * </ul>
 * Live quality per model, from the {@link QualityReader} given to {@link #bindQuality} (tags {@code model},
 * {@code version}; {@code window} is {@code all}, {@code 1h} or {@code 24h}; all gauges, see {@link QualityMeters}):
 * <ul>
 *   <li>{@code spam_scorer_quality_labelled{model,version,window,outcome}} — labelled examples by outcome
 *   {@code tp}/{@code fp}/{@code tn}/{@code fn}, spam being the positive class</li>
 *   <li>{@code spam_scorer_quality_precision}, {@code _recall}, {@code _false_positive_rate}, {@code _accuracy}
 *   {@code {model,version,window}} — NaN when there is nothing to divide by</li>
 *   <li>{@code spam_scorer_quality_awaiting_label{model,version}} — scores still waiting for a label</li>
 *   <li>{@code spam_scorer_score_drift_psi{model,version}} — PSI of the last 24 h of live spam probabilities against
 *   the model's {@code training.scoreHistogram} (see {@link Psi}: below 0.1 no significant shift, 0.1–0.25 moderate,
 *   above 0.25 significant); NaN below 100 scores; no series for a model without the histogram</li>
 *   <li>{@code spam_scorer_score_drift_scores{model,version}} — live scores in that window</li>
 * </ul>
 * These appear and disappear with the models: call {@link #refresh()} before each scrape.
 * It is also the {@link ModelEvents} of the model topic watcher, so a model swap updates the info gauge at once.
 * Thread-safe; the per-record path is one counter add and two timer records (each a few atomic adds), and the
 * spam ratio is read from the label counters at scrape time rather than kept in adders of its own. On the registry
 * of {@link #prometheusRegistry()} it reads no clock: the timers get their wall time from the record's
 * {@code scoredAt} ({@link MeterClock}).
 */
public final class ScorerMetrics implements ScoringListener, ModelEvents, AutoCloseable {

    public static final String SCORED = "spam_scorer.records.scored";
    public static final String DEAD_LETTERED = "spam_scorer.records.dead_lettered";
    public static final String UNKNOWN_FEATURES = "spam_scorer.features.unknown";
    public static final String SCORING_LATENCY = "spam_scorer.scoring.latency";
    public static final String END_TO_END_LATENCY = "spam_scorer.end_to_end.latency";
    public static final String MODEL_INFO = "spam_scorer.model.info";
    public static final String SPAM_RATIO = "spam_scorer.spam.ratio";
    public static final String MODELS_REJECTED = "spam_scorer.models.rejected";

    static final String SPAM = "spam";
    static final String HAM = "ham";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> scoredByLabel = new ConcurrentHashMap<>();
    private final Map<Reason, Counter> deadLettered = new EnumMap<>(Reason.class);
    private final Counter unknownFeatures;
    private final Counter modelsRejected;
    private final LatencyTimers latencies;
    private final Counter spamScored;
    private final Counter hamScored;
    private final Supplier<ModelHolder.Models> snapshots;
    private final QualityMeters quality;
    private final ScoreDrift drift;
    private final ModelInfoGauge modelInfo;
    private KafkaStreamsMetrics streamsMetrics;

    /**
     * The Prometheus registry as {@code run} deploys it: with {@link MeterClock}, so that the latency timers take
     * the wall time they need from each record's {@code scoredAt} instead of reading the system clock four times.
     */
    public static PrometheusMeterRegistry prometheusRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), MeterClock.SYSTEM);
    }

    public ScorerMetrics(final MeterRegistry registry, final ModelHolder models) {
        this(registry, models, Clock.systemUTC());
    }

    /** With the live and the shadow model, so both get drift figures and {@code /quality} knows their roles. */
    public ScorerMetrics(final MeterRegistry registry, final ModelHolder models, final Clock clock) {
        this(registry, models::current, models::snapshot, clock);
    }

    public ScorerMetrics(final MeterRegistry registry, final Supplier<LoadedModel> models) {
        this(registry, models, Clock.systemUTC());
    }

    /**
     * @param models the current model; it may return null (for example until the service that owns the model holder
     *               has started), and then {@code spam_scorer_model_info} has no series
     * @param clock  the "now" of the drift window (the end-to-end latency takes its "now" from the scored record's
     *               {@code scoredAt})
     */
    public ScorerMetrics(final MeterRegistry registry, final Supplier<LoadedModel> models, final Clock clock) {
        this(registry, models, () -> {
            final LoadedModel live = models.get();
            return live == null ? null : new ModelHolder.Models(live, null);
        }, clock);
    }

    private ScorerMetrics(final MeterRegistry registry, final Supplier<LoadedModel> models,
                          final Supplier<ModelHolder.Models> snapshots, final Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry == null");
        this.modelInfo = new ModelInfoGauge(registry, Objects.requireNonNull(models, "models == null"));
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.snapshots = snapshots;
        this.quality = new QualityMeters(registry);
        this.drift = new ScoreDrift(registry, snapshots, clock);
        // Labels and reasons are registered up front so that rate() works from the first record.
        this.spamScored = scoredCounter(SPAM);
        this.hamScored = scoredCounter(HAM);
        for (final Reason r : Reason.values()) {
            deadLettered.put(r, Counter.builder(DEAD_LETTERED)
                    .description("Records sent to the dead-letter topic, by reason")
                    .tag("reason", r.label())
                    .register(registry));
        }
        this.unknownFeatures = Counter.builder(UNKNOWN_FEATURES)
                .description("Feature names in named input records that the current model does not know")
                .register(registry);
        this.latencies = new LatencyTimers(registry);
        this.modelsRejected = Counter.builder(MODELS_REJECTED)
                .description("Published models rejected by validation or the compatibility check")
                .register(registry);
        Gauge.builder(SPAM_RATIO, this, ScorerMetrics::spamRatio)
                .description("Share of scored records labelled spam since the scorer started")
                .register(registry);
        refreshModel();
    }

    /**
     * Counts and times one scored record. Its {@code scoredAt} must come from this JVM's system clock at scoring (as
     * the processors read it): it is the "now" of the end-to-end latency and of the timers' windows.
     */
    @Override
    public void scored(final ScoredRecord record, final long inputTimestampMillis, final long nanos) {
        final String label = record.label();
        if (SPAM.equals(label)) {
            spamScored.increment();
        } else if (HAM.equals(label)) {
            hamScored.increment();
        } else {
            scoredCounter(label).increment();
        }
        latencies.record(nanos, inputTimestampMillis, record.scoredAtMillis());
        drift.record(record);
        modelInfo.refreshIfChanged();
    }

    /**
     * A record the shadow model scored: it counts towards the shadow's drift figure only (not towards the scored
     * counters and latencies, which describe the output topic). Meant as the override of a {@code ScoringListener}
     * method for shadow results, once the topology reports them.
     */
    @Override
    public void shadowScored(final ScoredRecord record) {
        drift.record(record);
    }

    /**
     * Where the live quality meters and {@code /quality} read from; until called, {@link QualityReader#NONE} (no
     * labels topic: no quality series). May be called at any time, for example once Kafka Streams exists.
     */
    public void bindQuality(final QualityReader reader) {
        quality.bind(reader);
    }

    /** Brings the model info, quality and drift meters up to date; call before each scrape. */
    public void refresh() {
        refreshModel();
        quality.refresh();
        drift.refresh();
    }

    /** The body of {@code GET /quality}, read fresh (and the meters refreshed with it). */
    public String qualityJson() {
        final List<ModelQuality> q = quality.refresh();
        drift.refresh();
        return QualityReport.json(q, snapshots.get(), drift);
    }

    @Override
    public void unknownFeatures(final int count) {
        if (count > 0) {
            unknownFeatures.increment(count);
        }
    }

    @Override
    public void deadLettered(final Reason reason) {
        deadLettered.get(reason == null ? Reason.INTERNAL : reason).increment();
    }

    /** The model topic watcher swapped in a new model. */
    @Override
    public void accepted(final LoadedModel model) {
        refreshModel();
    }

    @Override
    public void rejected(final String source, final String reason) {
        modelsRejected.increment();
    }

    /**
     * Points {@code spam_scorer_model_info} at the current model, removing the series of the one it replaced.
     * Called on every scored record whose model changed and should be called before each scrape, so a swap shows
     * up even when no records flow.
     */
    public void refreshModel() {
        modelInfo.refresh();
    }

    /** Binds every Kafka Streams, consumer, producer and admin metric of this client; call once, before start. */
    public synchronized void bindStreams(final KafkaStreams streams) {
        if (streamsMetrics != null) {
            throw new IllegalStateException("a KafkaStreams instance is already bound");
        }
        streamsMetrics = new KafkaStreamsMetrics(Objects.requireNonNull(streams, "streams == null"));
        streamsMetrics.bindTo(registry);
    }

    /** Spam / scored since start; 0 before the first record. */
    public double spamRatio() {
        double n = 0;
        for (final Counter c : scoredByLabel.values()) {
            n += c.count();
        }
        return n == 0 ? 0.0 : spamScored.count() / n;
    }

    private Counter scoredCounter(final String label) {
        return scoredByLabel.computeIfAbsent(label, l -> Counter.builder(SCORED)
                .description("Records scored, by label")
                .tag("label", l)
                .register(registry));
    }

    /** Stops the Kafka metrics refresh and removes those meters; the app's own meters stay registered. */
    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
            streamsMetrics = null;
        }
    }
}
