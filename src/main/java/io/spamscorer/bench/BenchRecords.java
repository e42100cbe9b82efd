package io.spamscorer.bench;

import io.spamscorer.stream.InputRecords;
import io.spamscorer.train.Dataset;
import java.util.List;
import java.util.Random;

/**
 * Input values for the benchmarks, in the README "Input record" format ({@code {"id":…,"features":[…]}} or
 * {@code {"id":…,"features":{name:value,…}}}), encoded exactly as {@code demo} encodes them.
 *
 * <ul>
 *   <li>{@link #positional}: a real Spambase row, positional — about 311 bytes for a typical row;</li>
 *   <li>{@link #wide}: 57 random features written as 17-significant-digit doubles — about 1 KB;</li>
 *   <li>{@link #named}: the same row with feature names.</li>
 * </ul>
 */
public final class BenchRecords {

    /** Size the issue calls "Spambase-like". */
    public static final int TYPICAL_BYTES = 311;

    private final Dataset data;

    public BenchRecords(final Dataset data) {
        this.data = data;
    }

    public Dataset data() {
        return data;
    }

    /** Row {@code row} (modulo the data set size) as a positional record with the given id. */
    public byte[] positional(final String id, final int row) {
        return encode(id, data.row(Math.floorMod(row, data.rows())), null);
    }

    /** Row {@code row} as a named record. */
    public byte[] named(final String id, final int row) {
        return encode(id, data.row(Math.floorMod(row, data.rows())), data.features());
    }

    /** The row whose positional encoding with {@code id} is closest to {@code bytes} long. */
    public int rowClosestTo(final String id, final int bytes) {
        int best = 0;
        int bestDiff = Integer.MAX_VALUE;
        for (int r = 0; r < data.rows(); r++) {
            final int diff = Math.abs(positional(id, r).length - bytes);
            if (diff < bestDiff) {
                best = r;
                bestDiff = diff;
            }
        }
        return best;
    }

    /**
     * The rows whose positional encoding (with a 12-character id such as {@code email-500000}) is within
     * {@code tolerance} bytes of {@code bytes}: real rows that average about {@code bytes} bytes.
     */
    public int[] rowsAround(final int bytes, final int tolerance) {
        return java.util.stream.IntStream.range(0, data.rows())
                .filter(r -> Math.abs(positional("email-500000", r).length - bytes) <= tolerance).toArray();
    }

    /** {@code count} features drawn uniformly from [0, 1) with 17 significant digits, positional (~1 KB). */
    public static byte[] wide(final String id, final int count, final long seed) {
        final Random random = new Random(seed);
        final double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            double v;
            do {
                v = random.nextDouble();
            } while (Double.toString(v).length() < 19);
            x[i] = v;
        }
        return encode(id, x, null);
    }

    static byte[] encode(final String id, final double[] x, final List<String> names) {
        return InputRecords.encode(id, x, names);
    }
}
