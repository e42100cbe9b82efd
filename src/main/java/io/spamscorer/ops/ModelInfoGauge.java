package io.spamscorer.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import java.util.function.Supplier;

/**
 * {@code spam_scorer_model_info{name,version}} of {@link ScorerMetrics}: one series, value 1, for the current model.
 * A swap re-points it (the replaced model's series is removed); a supplier without a model leaves no series.
 * Thread-safe: re-pointing is under a lock, and the per-record check is one supplier call and one volatile read.
 */
final class ModelInfoGauge {

    private final MeterRegistry registry;
    private final Supplier<LoadedModel> models;
    private final Object lock = new Object();
    private volatile LoadedModel shown;
    private Gauge gauge;

    ModelInfoGauge(final MeterRegistry registry, final Supplier<LoadedModel> models) {
        this.registry = registry;
        this.models = models;
    }

    /** Per scored record: re-points the series only when the model is not the one shown. */
    void refreshIfChanged() {
        if (models.get() != shown) {
            refresh();
        }
    }

    /** Points the series at the current model, removing the series of the one it replaced. */
    void refresh() {
        synchronized (lock) {
            final LoadedModel current = models.get();
            if (current == shown) {
                return;
            }
            if (current == null) {
                // the supplier has no model (yet, or any more): no info series rather than a wrong one
                remove();
                return;
            }
            final Model m = current.model();
            if (gauge != null) {
                final Model old = shown.model();
                if (old.name().equals(m.name()) && old.version().equals(m.version())) {
                    shown = current;
                    return;
                }
                remove();
            }
            final String name = m.name();
            final String version = m.version();
            // The value is computed at scrape time too: should a stale series ever be read, it says 0, not 1.
            gauge = Gauge.builder(ScorerMetrics.MODEL_INFO, this, self -> self.isCurrent(name, version) ? 1.0 : 0.0)
                    .description("The model being scored with (value 1), by name and version")
                    .tag("name", name)
                    .tag("version", version)
                    .register(registry);
            shown = current;
        }
    }

    private void remove() {
        if (gauge != null) {
            registry.remove(gauge);
            gauge = null;
        }
        shown = null;
    }

    private boolean isCurrent(final String name, final String version) {
        final LoadedModel current = models.get();
        return current != null && current.model().name().equals(name) && current.model().version().equals(version);
    }
}
