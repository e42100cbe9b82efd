package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spamscorer.model.Preprocessing;
import io.spamscorer.model.Transform;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    private static Dataset parse(final String csv) {
        return Dataset.parse("t.csv", "t.csv", csv.getBytes(StandardCharsets.UTF_8), "spam");
    }

    @Test
    void shouldGiveConstantColumnStdOne() {
        // 0.1 is not exactly representable, so a computed std would be ~1e-17 rather than 0.
        final Dataset d = parse("a,c,spam\n1,0.1,1\n2,0.1,0\n3,0.1,1\n4,0.1,0\n5,0.1,1\n6,0.1,0\n7,0.1,1\n");
        final Preprocessing p = Standardizer.fit(d, new int[] {0, 1, 2, 3, 4, 5, 6}, Transform.NONE);
        assertEquals(1.0, p.std()[1]);
        assertEquals(0.1, p.mean()[1]);
        assertEquals(0.0, p.apply(1, 0.1));
    }

    @Test
    void shouldZScoreWithPopulationStd() {
        final Dataset d = parse("a,spam\n1,1\n3,0\n");
        final Preprocessing p = Standardizer.fit(d, new int[] {0, 1}, Transform.NONE);
        assertArrayEquals(new double[] {2.0}, p.mean());
        assertArrayEquals(new double[] {1.0}, p.std());
    }

    @Test
    void shouldApplyTransformBeforeZScore() {
        final Dataset d = parse("a,spam\n0,1\n" + (Math.E * Math.E - 1) + ",0\n");
        final Preprocessing p = Standardizer.fit(d, new int[] {0, 1}, Transform.LOG1P);
        assertEquals(1.0, p.mean()[0], 1e-12);
        assertEquals(1.0, p.std()[0], 1e-12);
        assertEquals(Transform.LOG1P, p.transform());
    }

    @Test
    void shouldFitOnGivenTrainingRowsOnly() {
        final Dataset d = parse("a,spam\n1,1\n3,0\n1000,1\n");
        final Preprocessing p = Standardizer.fit(d, new int[] {0, 1}, Transform.NONE);
        assertEquals(2.0, p.mean()[0]);
    }
}
