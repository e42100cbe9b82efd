package io.spamscorer.jmh;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.ops.ScorerMetrics;
import io.spamscorer.stream.FeatureVector;
import io.spamscorer.stream.ScoredRecord;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three stages of {@link PipelineBenchmark#parseScoreSerialize} one at a time, on the 311 B record, and the
 * per-record cost of the scorer's own meters ({@link ScorerMetrics#scored}), which {@code run} and {@code bench} add.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StageBenchmark {

    private Pipeline pipeline;
    private byte[] value;
    private FeatureVector vector;
    private ScoredRecord scored;
    private long now;
    private PrometheusMeterRegistry registry;
    private ScorerMetrics metrics;

    @Setup
    public void setUp() {
        pipeline = new Pipeline();
        value = Fixtures.value("311B", Fixtures.records());
        now = System.currentTimeMillis();
        vector = pipeline.parse(value);
        scored = pipeline.score(vector, now);
        registry = ScorerMetrics.prometheusRegistry();
        // One instance, as ModelHolder returns between swaps: a new one per call would time a model refresh.
        final LoadedModel loaded = new LoadedModel(pipeline.model, "config/model.json", Instant.now());
        metrics = new ScorerMetrics(registry, () -> loaded);
    }

    @TearDown
    public void tearDown() {
        metrics.close();
        registry.close();
    }

    @Benchmark
    public FeatureVector parse() {
        return pipeline.parse(value);
    }

    @Benchmark
    public ScoredRecord score() {
        return pipeline.score(vector, now);
    }

    @Benchmark
    public byte[] serialize() {
        return pipeline.serialize(scored);
    }

    /** What {@code run} adds per record: the Prometheus counters and the two latency histograms. */
    @Benchmark
    public void metrics() {
        metrics.scored(scored, now - 5, 2_000);
    }
}
