package io.spamscorer.jmh;

import io.spamscorer.bench.BenchRecords;
import io.spamscorer.stream.FeatureVector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Named features ({@code "features":{"word_freq_make":0.1,…}}) against positional ones ({@code "features":[…]})
 * for the same Spambase row (the ~311 B one): the parse alone and parse → score → serialize.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FeatureShapeBenchmark {

    @Param({"positional", "named"})
    public String shape;

    private Pipeline pipeline;
    private byte[] value;
    private long now;

    @Setup
    public void setUp() {
        pipeline = new Pipeline();
        final BenchRecords records = Fixtures.records();
        final int row = records.rowClosestTo(Fixtures.ID, BenchRecords.TYPICAL_BYTES);
        value = "named".equals(shape) ? records.named(Fixtures.ID, row) : records.positional(Fixtures.ID, row);
        now = System.currentTimeMillis();
    }

    @Benchmark
    public FeatureVector parse() {
        return pipeline.parse(value);
    }

    @Benchmark
    public byte[] parseScoreSerialize() {
        return pipeline.run(value, now);
    }
}
