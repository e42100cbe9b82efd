package io.spamscorer.feedback;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide count of records the shadow model could not score. A shadow failure never touches the live record
 * (no dead letter, no retry); it is only counted here and logged at DEBUG, for the metrics to show.
 */
public final class ShadowStats {

    private static final LongAdder FAILURES = new LongAdder();

    private ShadowStats() {
    }

    public static void failed() {
        FAILURES.increment();
    }

    public static long failures() {
        return FAILURES.sum();
    }
}
