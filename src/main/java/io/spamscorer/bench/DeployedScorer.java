package io.spamscorer.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerMetrics;
import io.spamscorer.ops.ScorerRuntime;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The scorer as {@code run} deploys it: the production runtime with its Prometheus meters (per-record counters
 * and latency histograms) and the Kafka Streams metrics bound to the registry.
 */
final class DeployedScorer implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final ScorerMetrics metrics;
    private final ScorerRuntime runtime;

    /** Loads {@code model} and builds the runtime over {@code config}; not started yet. */
    DeployedScorer(final ScorerConfig config, final Path model) {
        final ModelHolder models = new ModelHolder(new LoadedModel(ModelLoader.load(model), model.toString(), Instant.now()));
        this.registry = ScorerMetrics.prometheusRegistry();
        this.metrics = new ScorerMetrics(registry, models);
        this.runtime = new ScorerRuntime(config, models, metrics);
        metrics.bindStreams(runtime.streams());
    }

    ScorerRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        runtime.close();
        metrics.close();
        registry.close();
    }
}
