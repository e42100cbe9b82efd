package io.spamscorer.bench;

import io.spamscorer.json.Json;
import io.spamscorer.stream.InputRecords;
import io.spamscorer.train.Dataset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReferenceArray;

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

    /** {@code {"id":"} — what every encoded record starts with. */
    private static final byte[] HEAD = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Dataset data;
    /** Per row, the positional encoding after the id ({@code ","features":[…]}}), made on first use. */
    private final AtomicReferenceArray<byte[]> tails;

    public BenchRecords(final Dataset data) {
        this.data = data;
        this.tails = new AtomicReferenceArray<>(data.rows());
    }

    public Dataset data() {
        return data;
    }

    /**
     * Row {@code row} (modulo the data set size) as a positional record with the given id. The features' text is
     * encoded once per row and reused: a load generator that formatted 57 doubles per record would take a large
     * share of the two cores it shares with the broker and the scorer it measures.
     */
    public byte[] positional(final String id, final int row) {
        final int r = Math.floorMod(row, data.rows());
        if (!plain(id)) {
            return encode(id, data.row(r), null);
        }
        byte[] tail = tails.get(r);
        if (tail == null) {
            final byte[] whole = encode("", data.row(r), null);
            tail = Arrays.copyOfRange(whole, HEAD.length, whole.length);
            tails.set(r, tail);
        }
        final byte[] out = new byte[HEAD.length + id.length() + tail.length];
        System.arraycopy(HEAD, 0, out, 0, HEAD.length);
        for (int i = 0; i < id.length(); i++) {
            out[HEAD.length + i] = (byte) id.charAt(i);
        }
        System.arraycopy(tail, 0, out, HEAD.length + id.length(), tail.length);
        return out;
    }

    /** True when JSON writes {@code id} as it is. */
    private static boolean plain(final String id) {
        for (int i = 0; i < id.length(); i++) {
            if (!Json.isPlainChar(id.charAt(i))) {
                return false;
            }
        }
        return true;
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

    /** The straightforward encoding of any id and row (the reference for {@link #positional}). */
    static byte[] encode(final String id, final double[] x, final List<String> names) {
        return InputRecords.encode(id, x, names);
    }
}
