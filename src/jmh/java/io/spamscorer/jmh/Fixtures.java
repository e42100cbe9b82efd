package io.spamscorer.jmh;

import io.spamscorer.bench.BenchRecords;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.train.Dataset;
import java.nio.file.Path;

/**
 * Shared inputs of the JMH benchmarks: the shipped model ({@code config/model.json}) and Spambase
 * ({@code data/spambase.csv}), both relative to the working directory unless {@code -Dspamscorer.model} /
 * {@code -Dspamscorer.data} say otherwise. Run JMH from the project root.
 */
final class Fixtures {

    static final String ID = "email-123456";

    private Fixtures() {
    }

    static Model model() {
        return ModelLoader.load(Path.of(System.getProperty("spamscorer.model", "config/model.json")));
    }

    static BenchRecords records() {
        return new BenchRecords(Dataset.read(Path.of(System.getProperty("spamscorer.data", "data/spambase.csv")), "spam"));
    }

    /** The input value for a {@code size} parameter: "311B" (a real row, positional) or "1KB" (57 17-digit doubles). */
    static byte[] value(final String size, final BenchRecords records) {
        return switch (size) {
            case "311B" -> records.positional(ID, records.rowClosestTo(ID, BenchRecords.TYPICAL_BYTES));
            case "1KB" -> BenchRecords.wide(ID, records.data().features().size(), 42);
            default -> throw new IllegalArgumentException("unknown size " + size);
        };
    }
}
