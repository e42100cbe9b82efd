package io.spamscorer.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** How the bench waits for a workload to finish: it polls, as it cannot be told. */
final class Completion {

    private static final Duration POLL = Duration.ofMillis(100);

    private Completion() {
    }

    /** Polls until done (returns the wall-clock millis it was seen), failure or timeout (returns -1). */
    static long await(final PrintStream log, final BooleanSupplier done, final BooleanSupplier failed,
                      final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return System.currentTimeMillis();
            }
            if (failed.getAsBoolean()) {
                log.println("  the workload failed");
                return -1;
            }
            Thread.sleep(POLL.toMillis());
        }
        log.println("  timed out after " + timeout);
        return -1;
    }
}
