package io.spamscorer.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.ScoredRecord;
import io.spamscorer.train.ScoreHistogram;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live score drift per model: the spam probabilities this instance scored with a model, counted in the 10 bins of
 * {@link ScoreHistogram}, against the model's {@code training.scoreHistogram}, as a PSI ({@link Psi}).
 * <p>
 * The window is the last 24 hours, kept as cumulative counts plus an hourly snapshot of them: the figure is
 * {@code counts now − the newest snapshot at least 24 h old}, so with scrapes (or {@code /quality} requests) at least
 * hourly it spans 24 to 25 hours, and everything since the model first scored here when that is more recent. The
 * snapshots are taken when {@link #refresh()} runs (before each scrape), never on the record path: a scored record
 * costs a short scan of a cache by string identity (the record carries the model's own name and version strings)
 * and one {@link AtomicLongArray} increment, with no allocation.
 * <p>
 * Only the live and the shadow model are tracked; a model that is neither any more loses its series at the next
 * refresh. Meters (tags {@code model}, {@code version}), only for a model whose file has the histogram:
 * {@code spam_scorer_score_drift_psi} (NaN below {@value #MIN_SCORES} scores in the window) and
 * {@code spam_scorer_score_drift_scores} (scores in the window).
 */
final class ScoreDrift {

    static final String PSI = "spam_scorer.score.drift.psi";
    static final String SCORES = "spam_scorer.score.drift.scores";
    /** Fewer scores than this make a PSI mostly noise: it is reported as NaN / null with a reason. */
    static final int MIN_SCORES = 100;
    static final Duration WINDOW = Duration.ofHours(24);
    static final Duration STEP = Duration.ofHours(1);
    private static final int CACHED = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ScoreDrift.class);

    /**
     * One model's drift: {@code psi} is NaN when there is no figure, and then {@code reason} says why.
     *
     * @param scores     live scores in the window
     * @param sinceMillis where the window starts (epoch ms)
     */
    record Figure(double psi, long scores, long sinceMillis, String reason) {
        String level() {
            return Psi.level(psi);
        }
    }

    /** The hot path's cache entry: a model's name and version strings as records carry them, and its tracker. */
    private record Entry(String name, String version, Tracker tracker) {
    }

    private final MeterRegistry registry;
    private final Supplier<ModelHolder.Models> models;
    private final Clock clock;
    private final Map<ModelRef, Tracker> trackers = new ConcurrentHashMap<>();
    private volatile Entry[] recent = new Entry[0];

    ScoreDrift(final MeterRegistry registry, final Supplier<ModelHolder.Models> models, final Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry == null");
        this.models = Objects.requireNonNull(models, "models == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /** Counts one scored record; a few reference comparisons and one array increment once the model is cached. */
    void record(final ScoredRecord record) {
        final String name = record.modelName();
        final String version = record.modelVersion();
        for (final Entry e : recent) {
            // Identity, not equals: every record of one model carries that model's own strings.
            if (e.name == name && e.version == version) {
                e.tracker.add(record.spamProbability());
                return;
            }
        }
        final Tracker t = slowPath(name, version);
        if (t != null) {
            t.add(record.spamProbability());
        }
    }

    /** A model seen for the first time (or with new string instances): find or create its tracker and cache it. */
    private Tracker slowPath(final String name, final String version) {
        final ModelRef ref = new ModelRef(name, version);
        Tracker t = trackers.get(ref);
        if (t == null) {
            final Model m = find(models.get(), ref);
            if (m == null) {
                return null; // scored just before a swap retired the model: not tracked any more
            }
            t = trackers.computeIfAbsent(ref, r -> new Tracker(r, m, clock.millis()));
        }
        synchronized (this) {
            final Entry[] old = recent;
            final Entry[] next = new Entry[Math.min(CACHED, old.length + 1)];
            next[0] = new Entry(name, version, t);
            System.arraycopy(old, 0, next, 1, next.length - 1);
            recent = next;
        }
        return t;
    }

    /**
     * Tracks the live and shadow models, drops any other, advances every window and recomputes the figures; call
     * before each scrape and each {@code /quality} answer.
     */
    synchronized void refresh() {
        final ModelHolder.Models m = models.get();
        final Set<ModelRef> current = new HashSet<>();
        if (m != null) {
            for (final LoadedModel l : new LoadedModel[] {m.live(), m.shadow()}) {
                if (l != null) {
                    final ModelRef ref = ModelRef.of(l.model());
                    current.add(ref);
                    trackers.computeIfAbsent(ref, r -> new Tracker(r, l.model(), clock.millis()));
                }
            }
        }
        final List<Entry> kept = new ArrayList<>();
        for (final Entry e : recent) {
            if (current.contains(e.tracker.ref)) {
                kept.add(e);
            }
        }
        recent = kept.toArray(new Entry[0]);
        final long now = clock.millis();
        for (final Tracker t : List.copyOf(trackers.values())) {
            if (!current.contains(t.ref)) {
                trackers.remove(t.ref);
                t.meters.forEach(registry::remove);
                continue;
            }
            t.advance(now);
            if (t.expected != null && t.meters.isEmpty()) {
                t.meters.add(Gauge.builder(PSI, t, x -> x.figure.psi())
                        .description("Population stability index of live spam probabilities (last 24 h) against the "
                                + "model's training.scoreHistogram; < 0.1 none, 0.1-0.25 moderate, > 0.25 significant")
                        .tag("model", t.ref.name()).tag("version", t.ref.version())
                        .strongReference(true).register(registry));
                t.meters.add(Gauge.builder(SCORES, t, x -> x.figure.scores())
                        .description("Live scores in the drift window (last 24 h)")
                        .tag("model", t.ref.name()).tag("version", t.ref.version())
                        .strongReference(true).register(registry));
            }
        }
    }

    /** The figure of {@code ref} as of the last refresh, or null when the model is not tracked. */
    Figure figure(final ModelRef ref) {
        final Tracker t = trackers.get(ref);
        return t == null ? null : t.figure;
    }

    private static Model find(final ModelHolder.Models m, final ModelRef ref) {
        if (m == null) {
            return null;
        }
        for (final LoadedModel l : new LoadedModel[] {m.live(), m.shadow()}) {
            if (l != null && l.model().name().equals(ref.name()) && l.model().version().equals(ref.version())) {
                return l.model();
            }
        }
        return null;
    }

    /** One model's reference histogram, live counts and hourly snapshots. */
    private static final class Tracker {

        private record Snapshot(long atMillis, long[] counts) {
        }

        final ModelRef ref;
        final long[] expected;
        final String absent;
        final AtomicLongArray live = new AtomicLongArray(ScoreHistogram.BINS);
        final List<Meter> meters = new ArrayList<>();
        private final List<Snapshot> snapshots = new ArrayList<>();
        private final long createdMillis;
        volatile Figure figure;

        Tracker(final ModelRef ref, final Model model, final long createdMillis) {
            this.ref = ref;
            this.createdMillis = createdMillis;
            long[] e = null;
            String why;
            try {
                final ScoreHistogram h = ScoreHistogram.fromTraining(model.training());
                e = h == null ? null : h.counts();
                why = h == null ? "the model has no training.scoreHistogram (trained before it existed: retrain to get one)"
                        : h.total() == 0 ? "the model's training.scoreHistogram is empty" : null;
            } catch (final IllegalArgumentException ex) {
                LOG.warn("model {}: no score drift figure: {}", ref, ex.getMessage());
                why = ex.getMessage();
            }
            this.expected = why == null ? e : null;
            this.absent = why;
            this.figure = new Figure(Double.NaN, 0, createdMillis, why == null ? "no refresh yet" : why);
        }

        void add(final double p) {
            live.incrementAndGet(ScoreHistogram.bin(p));
        }

        synchronized void advance(final long now) {
            final long[] counts = new long[ScoreHistogram.BINS];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = live.get(i);
            }
            if (snapshots.isEmpty() || now - snapshots.get(snapshots.size() - 1).atMillis >= STEP.toMillis()) {
                snapshots.add(new Snapshot(now, counts));
            }
            final long cut = now - WINDOW.toMillis();
            // Keep the newest snapshot at least a window old as the base; older ones are no longer needed.
            while (snapshots.size() >= 2 && snapshots.get(1).atMillis <= cut) {
                snapshots.remove(0);
            }
            final Snapshot first = snapshots.get(0);
            final boolean based = first.atMillis <= cut;
            long n = 0;
            final long[] window = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                window[i] = counts[i] - (based ? first.counts[i] : 0);
                n += window[i];
            }
            final long since = based ? first.atMillis : Math.min(createdMillis, first.atMillis);
            if (expected == null) {
                figure = new Figure(Double.NaN, n, since, absent);
            } else if (n < MIN_SCORES) {
                figure = new Figure(Double.NaN, n, since, "fewer than " + MIN_SCORES + " live scores in the window (" + n + ")");
            } else {
                figure = new Figure(Psi.of(expected, window), n, since, null);
            }
        }
    }
}
