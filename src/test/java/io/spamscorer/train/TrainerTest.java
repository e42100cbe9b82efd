package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.model.Model;
import io.spamscorer.model.Transform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final Dataset TOY = Dataset.parse("toy.csv", "toy.csv", Csv.toy(200).getBytes(StandardCharsets.UTF_8), "spam");

    private static Model train(final HyperParameters hp, final Trainer.Progress progress) {
        return Trainer.train(TOY, IntStream.range(0, TOY.rows()).toArray(), hp, progress,
                Model.builder().name("toy").version("1").threshold(0.5));
    }

    @Test
    void shouldLearnToySeparationThroughModelScore() {
        final Model m = train(new HyperParameters(Transform.NONE, 300, 1.0, 0.0, 42), Trainer.Progress.NONE);
        final Metrics metrics = Metrics.of(IntStream.range(0, TOY.rows())
                .mapToDouble(r -> m.score(TOY.row(r), 0).spamProbability()).toArray(),
                IntStream.range(0, TOY.rows()).map(TOY::label).toArray(), 0.5);
        assertTrue(metrics.accuracy() > 0.95, "accuracy " + metrics.accuracy());
        assertTrue(m.weights()[0] > 0, "a is a spam signal");
        assertTrue(m.weights()[1] < 0, "b is a ham signal");
        assertEquals(List.of("a", "b", "c"), m.features());
        assertEquals(1.0, m.preprocessing().std()[2], "constant column c");
    }

    @Test
    void shouldBeDeterministicForSameSeed() {
        final HyperParameters hp = new HyperParameters(Transform.LOG1P, 50, 1.0, 1e-3, 7);
        final Model a = train(hp, Trainer.Progress.NONE);
        final Model b = train(hp, Trainer.Progress.NONE);
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.bias(), b.bias());
        final Model other = train(new HyperParameters(Transform.LOG1P, 50, 1.0, 1e-3, 8), Trainer.Progress.NONE);
        assertNotEquals(a.bias(), other.bias());
    }

    @Test
    void shouldStartFromUniformWeightsInMinusOneToOne() {
        final double[] w = Trainer.initialWeights(1000, 42);
        assertTrue(IntStream.range(0, w.length).allMatch(i -> w[i] >= -1.0 && w[i] <= 1.0));
        assertTrue(IntStream.range(0, w.length).anyMatch(i -> w[i] < -0.9));
        assertTrue(IntStream.range(0, w.length).anyMatch(i -> w[i] > 0.9));
        assertArrayEquals(w, Trainer.initialWeights(1000, 42));
    }

    @Test
    void shouldReportDecreasingLossEveryHundredEpochs() {
        final List<Integer> epochs = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();
        train(new HyperParameters(Transform.NONE, 250, 1.0, 0.0, 42), (epoch, loss) -> {
            epochs.add(epoch);
            losses.add(loss);
        });
        assertEquals(List.of(1, 100, 200, 250), epochs);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), "loss " + losses);
        }
    }

    @Test
    void shouldFailClearlyInsteadOfProducingNanModelWhenDiverging() {
        final TrainingException e = assertThrows(TrainingException.class,
                () -> train(new HyperParameters(Transform.NONE, 50, 1e300, 0.0, 42), Trainer.Progress.NONE));
        assertTrue(e.getMessage().startsWith("training diverged at epoch "), e.getMessage());
    }

    @Test
    void shouldComputeSoftplusWithoutOverflow() {
        assertEquals(1000.0, Trainer.softplus(1000.0));
        assertEquals(0.0, Trainer.softplus(-1000.0));
        assertEquals(Math.log(2), Trainer.softplus(0.0), 1e-15);
    }
}
