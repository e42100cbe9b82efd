package io.spamscorer.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What came back from the scorer: output records by id, and dead-letter reasons. Thread-safe. */
public final class DemoResults {

    /** One output record as the demo reads it. */
    public record Scored(String id, double spamProbability, String label, String raw) {
    }

    private final Map<String, Scored> scored = new ConcurrentHashMap<>();
    private final List<String> deadLetterReasons = Collections.synchronizedList(new ArrayList<>());
    private volatile long duplicates;

    void addScored(final Scored s) {
        if (scored.putIfAbsent(s.id(), s) != null) {
            duplicates++;
        }
    }

    void addDeadLetter(final String reason) {
        deadLetterReasons.add(reason);
    }

    public int scoredCount() {
        return scored.size();
    }

    public int deadLetterCount() {
        return deadLetterReasons.size();
    }

    public long duplicates() {
        return duplicates;
    }

    public Scored get(final String id) {
        return scored.get(id);
    }

    public List<String> deadLetterReasons() {
        synchronized (deadLetterReasons) {
            return List.copyOf(deadLetterReasons);
        }
    }
}
