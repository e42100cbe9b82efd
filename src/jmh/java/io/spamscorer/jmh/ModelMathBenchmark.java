package io.spamscorer.jmh;

import io.spamscorer.bench.BenchRecords;
import io.spamscorer.model.Model;
import io.spamscorer.model.Neuron;
import io.spamscorer.model.Score;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The neuron's arithmetic alone, on the ~311 B Spambase row's 57 features: the dot product
 * ({@link Neuron#logit}), the sigmoid ({@link Neuron#sigmoid}), and {@link Model#score} with the model's log1p
 * preprocessing and top-3 explanation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelMathBenchmark {

    private Model model;
    private double[] weights;
    private double[] x;
    private double z;

    @Setup
    public void setUp() {
        model = Fixtures.model();
        weights = model.weights();
        final BenchRecords records = Fixtures.records();
        x = records.data().row(records.rowClosestTo(Fixtures.ID, BenchRecords.TYPICAL_BYTES));
        z = Neuron.logit(weights, x, model.bias());
    }

    @Benchmark
    public double dotProduct() {
        return Neuron.logit(weights, x, model.bias());
    }

    @Benchmark
    public double sigmoid() {
        return Neuron.sigmoid(z);
    }

    @Benchmark
    public Score modelScoreTop3() {
        return model.score(x, 3);
    }

    @Benchmark
    public Score modelScoreNoExplain() {
        return model.score(x, 0);
    }
}
