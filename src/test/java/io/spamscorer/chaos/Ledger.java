package io.spamscorer.chaos;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the chaos producer sent and what the broker acknowledged: for every unique id the expectation (an output
 * record with this spam probability, or one dead letter with this reason) and, once acknowledged, the
 * partition and offset. Ids whose send failed are kept apart: they may or may not have been written.
 */
final class Ledger {

    /** What must come out for one id: {@code reason == null} means an output record with {@code probability}. */
    record Expectation(String id, double probability, String reason, String shape) {

        boolean malformed() {
            return reason != null;
        }
    }

    /** Where the broker put an acknowledged input record. */
    record Ack(int partition, long offset) {
    }

    private final Map<String, Expectation> sent = new ConcurrentHashMap<>();
    private final Map<String, Ack> acked = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final AtomicLong sendErrors = new AtomicLong();

    void sent(final Expectation e) {
        if (sent.putIfAbsent(e.id(), e) != null) {
            throw new IllegalStateException("id sent twice: " + e.id());
        }
    }

    void acked(final String id, final int partition, final long offset) {
        acked.put(id, new Ack(partition, offset));
    }

    void failed(final String id, final Exception e) {
        sendErrors.incrementAndGet();
        failed.put(id, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    Expectation expectation(final String id) {
        return sent.get(id);
    }

    boolean wasSent(final String id) {
        return sent.containsKey(id);
    }

    boolean isAcked(final String id) {
        return acked.containsKey(id);
    }

    Set<String> ackedIds() {
        return Set.copyOf(acked.keySet());
    }

    int sentCount() {
        return sent.size();
    }

    int ackedCount() {
        return acked.size();
    }

    long ackedMalformed() {
        return acked.keySet().stream().filter(id -> sent.get(id).malformed()).count();
    }

    Map<String, String> failures() {
        return new TreeMap<>(failed);
    }

    /** The highest acknowledged offset + 1 per input partition, i.e. the input end offsets the ledger accounts for. */
    Map<Integer, Long> ackedEnds() {
        final Map<Integer, Long> ends = new TreeMap<>();
        acked.values().forEach(a -> ends.merge(a.partition(), a.offset() + 1, Math::max));
        return ends;
    }
}
