package io.spamscorer.feedback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The quality store's layout and arithmetic. Keys (UTF-8 strings, so a range scan is a time scan):
 * <ul>
 *   <li>{@code t\0<name>\0<version>} → {tp, fp, tn, fn, scored, awaiting}: a model's totals since it was first seen
 *       by this task, and how many of its scores within the retention still wait for a label;</li>
 *   <li>{@code m\0<minute, 12 digits>\0<name>\0<version>} → {tp, fp, tn, fn}: the examples whose label time falls in
 *       that minute, kept {@link #BUCKETS_KEPT} so the 1 h and 24 h windows are sums over at most 1,440 buckets;</li>
 *   <li>{@code u} → {labels waiting for a score}.</li>
 * </ul>
 * A label that changes is retracted from the bucket and totals it was added to, then added anew, so every figure is
 * the count of current labels.
 */
final class QualityBook {

    static final Duration LAST_HOUR = Duration.ofHours(1);
    static final Duration LAST_DAY = Duration.ofHours(24);
    /** A minute of slack past the longest window, so a bucket is never dropped while a reader may still sum it. */
    static final Duration BUCKETS_KEPT = LAST_DAY.plusMinutes(2);

    private static final String TOTALS = "t\u0000";
    private static final String MINUTES = "m\u0000";
    private static final String UNMATCHED = "u";
    private static final int TP = 0, FP = 1, TN = 2, FN = 3, SCORED = 4, AWAITING = 5;

    private final KeyValueStore<String, long[]> store;

    QualityBook(final KeyValueStore<String, long[]> store) {
        this.store = store;
    }

    /** A score of {@code model} came ({@code +1}) or went; {@code awaiting} moves by its own delta. */
    void scored(final ModelRef model, final int scored, final int awaiting) {
        final String key = TOTALS + modelKey(model);
        final long[] t = orNew(store.get(key), 6);
        t[SCORED] += scored;
        t[AWAITING] = Math.max(0, t[AWAITING] + awaiting);
        store.put(key, t);
    }

    /** Adds ({@code sign=1}) or retracts ({@code sign=-1}) one example of {@code model} labelled at {@code labelAt}. */
    void example(final ModelRef model, final boolean predictedSpam, final boolean spam, final long labelAt, final int sign) {
        final int cell = predictedSpam ? (spam ? TP : FP) : (spam ? FN : TN);
        final String totalsKey = TOTALS + modelKey(model);
        final long[] t = orNew(store.get(totalsKey), 6);
        t[cell] = Math.max(0, t[cell] + sign);
        store.put(totalsKey, t);
        final String bucketKey = bucketKey(Math.floorDiv(labelAt, 60_000L), model);
        final long[] b = store.get(bucketKey);
        if (b == null && sign < 0) {
            return; // its bucket has already aged out of every window
        }
        final long[] nb = orNew(b, 4);
        nb[cell] = Math.max(0, nb[cell] + sign);
        if (nb[TP] + nb[FP] + nb[TN] + nb[FN] == 0) {
            store.delete(bucketKey);
        } else {
            store.put(bucketKey, nb);
        }
    }

    void unmatched(final int delta) {
        final long[] u = orNew(store.get(UNMATCHED), 1);
        u[0] = Math.max(0, u[0] + delta);
        store.put(UNMATCHED, u);
    }

    /** Drops the minute buckets older than {@link #BUCKETS_KEPT} before {@code nowMillis}; returns how many. */
    int expireBuckets(final long nowMillis) {
        final long cutoff = Math.floorDiv(nowMillis - BUCKETS_KEPT.toMillis(), 60_000L);
        if (cutoff <= 0) {
            return 0;
        }
        final List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, long[]> it = store.range(MINUTES, MINUTES + minute(cutoff))) {
            while (it.hasNext()) {
                old.add(it.next().key);
            }
        }
        old.forEach(store::delete);
        return old.size();
    }

    /**
     * Every model's figures in {@code store} (a composite over tasks repeats keys; they are summed) at
     * {@code nowMillis}: totals, the last hour and the last 24 hours by label time, and the scores awaiting a label.
     */
    static List<ModelQuality> read(final ReadOnlyKeyValueStore<String, long[]> store, final long nowMillis) {
        final long hourFrom = Math.floorDiv(nowMillis - LAST_HOUR.toMillis(), 60_000L);
        final long dayFrom = Math.floorDiv(nowMillis - LAST_DAY.toMillis(), 60_000L);
        final Map<ModelRef, long[][]> acc = new TreeMap<>(Comparator.comparing(ModelRef::name)
                .thenComparing(ModelRef::version));
        try (KeyValueIterator<String, long[]> it = store.all()) {
            while (it.hasNext()) {
                final KeyValue<String, long[]> kv = it.next();
                if (kv.key.startsWith(TOTALS)) {
                    add(acc.computeIfAbsent(model(kv.key, TOTALS.length()), m -> new long[3][6])[0], kv.value);
                } else if (kv.key.startsWith(MINUTES)) {
                    final int end = kv.key.indexOf('\u0000', MINUTES.length());
                    final long minute = Long.parseLong(kv.key.substring(MINUTES.length(), end));
                    final long[][] a = acc.computeIfAbsent(model(kv.key, end + 1), m -> new long[3][6]);
                    if (minute >= hourFrom) {
                        add(a[1], kv.value);
                    }
                    if (minute >= dayFrom) {
                        add(a[2], kv.value);
                    }
                }
            }
        }
        final List<ModelQuality> out = new ArrayList<>(acc.size());
        acc.forEach((m, a) -> out.add(new ModelQuality(m, counts(a[0]), counts(a[1]), counts(a[2]), a[0][AWAITING])));
        return out;
    }

    /** Labels waiting for a score, summed over the tasks of {@code store}. */
    static long unmatched(final ReadOnlyKeyValueStore<String, long[]> store) {
        long n = 0;
        try (KeyValueIterator<String, long[]> it = store.range(UNMATCHED, UNMATCHED)) {
            while (it.hasNext()) {
                n += it.next().value[0];
            }
        }
        return n;
    }

    private static void add(final long[] into, final long[] v) {
        for (int i = 0; i < v.length && i < into.length; i++) {
            into[i] += v[i];
        }
    }

    private static QualityCounts counts(final long[] a) {
        return new QualityCounts(Math.max(0, a[TP]), Math.max(0, a[FP]), Math.max(0, a[TN]), Math.max(0, a[FN]));
    }

    private static long[] orNew(final long[] a, final int length) {
        return a == null ? new long[length] : a.clone();
    }

    private static String modelKey(final ModelRef m) {
        return m.name() + '\u0000' + m.version();
    }

    private static ModelRef model(final String key, final int from) {
        final int sep = key.indexOf('\u0000', from);
        return new ModelRef(key.substring(from, sep), key.substring(sep + 1));
    }

    private static String bucketKey(final long minute, final ModelRef m) {
        return MINUTES + minute(minute) + '\u0000' + modelKey(m);
    }

    private static String minute(final long minute) {
        return String.format(java.util.Locale.ROOT, "%012d", Math.max(0, minute));
    }
}
