package io.spamscorer.demo;

import io.spamscorer.stream.InputRecords;
import io.spamscorer.train.Dataset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Builds the demo's input: Spambase rows in a seeded random order as input records (every third one in the named
 * form, the rest positional), with a handful of malformed records mixed in at fixed positions.
 */
public final class DemoRecords {

    /** Stands for a null value (a tombstone) in {@link #MALFORMED}. */
    static final String TOMBSTONE = "<tombstone>";

    /** Malformed values, each with the defect it demonstrates; all must be dead-lettered. */
    static final List<String> MALFORMED = List.of(
            "{\"id\":\"bad-nan\",\"features\":[NaN]}",
            "{\"features\":[0.1, 0.2]}",
            "{\"id\":\"bad-string\",\"features\":{\"word_freq_make\":\"0.5\"}}",
            "{\"id\":\"bad-truncated\",\"features\":[0.1, 0.2",
            "not json at all",
            "{\"id\":\"bad-count\",\"features\":[1, 2, 3]}",
            "{\"id\":\"bad-overflow\",\"features\":[1e400]}",
            "",
            TOMBSTONE);


    private DemoRecords() {
    }

    /** {@code count} rows (cycling through the data set if asked for more) plus the malformed records. */
    public static List<DemoRecord> build(final Dataset data, final int count, final long seed) {
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        final List<DemoRecord> out = new ArrayList<>(count + MALFORMED.size());
        for (int i = 0; i < count; i++) {
            final int row = order.get(i % order.size());
            final String id = "email-" + (i + 1);
            out.add(new DemoRecord(id, encode(id, data, row, i % 3 == 2), data.label(row)));
        }
        final int step = Math.max(1, out.size() / (MALFORMED.size() + 1));
        for (int m = 0; m < MALFORMED.size(); m++) {
            final int at = Math.min(out.size(), (m + 1) * step + m);
            final String v = MALFORMED.get(m);
            out.add(at, new DemoRecord("malformed-" + (m + 1), TOMBSTONE.equals(v) ? null : v.getBytes(StandardCharsets.UTF_8), -1));
        }
        return out;
    }

    static byte[] encode(final String id, final Dataset data, final int row, final boolean named) {
        return InputRecords.encode(id, data.row(row), named ? data.features() : null);
    }
}
