package io.spamscorer.jmh;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measuring loop of {@link CpuTimeHarness} and {@link EmailCpuTimeHarness}: rounds of every op in turn, timed by
 * the measuring thread's CPU time (not the wall clock, which moved 3-10x between runs on the shared VM) and counted in
 * the bytes that thread allocated. As many warm-up rounds as half the measured ones run first and are not counted.
 */
final class CpuTimer {

    /** Runs {@code n} times the op named {@code op}: the work one round of one op times. */
    @FunctionalInterface
    interface Ops {
        void run(String op, int n);
    }

    /**
     * One op over the measured rounds: the lowest, first-quartile and median CPU nanoseconds per op, and the bytes
     * allocated per op in the last round.
     */
    record Figures(double min, double q1, double median, double bytesPerOp) {
    }

    private CpuTimer() {
    }

    /** The figures of each of {@code ops}, in their order, over {@code rounds} measured rounds of {@code n} ops each. */
    static Map<String, Figures> measure(final String[] ops, final int rounds, final int n, final Ops work) {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long tid = Thread.currentThread().getId();
        final Map<String, List<Double>> times = new LinkedHashMap<>();
        final Map<String, Double> alloc = new LinkedHashMap<>();
        for (int r = -rounds / 2; r < rounds; r++) { // negative rounds are warm-up
            for (final String op : ops) {
                final long a0 = mx.getThreadAllocatedBytes(tid);
                final long t0 = mx.getCurrentThreadCpuTime();
                work.run(op, n);
                final long t1 = mx.getCurrentThreadCpuTime();
                final long a1 = mx.getThreadAllocatedBytes(tid);
                if (r >= 0) {
                    times.computeIfAbsent(op, k -> new ArrayList<>()).add((t1 - t0) / (double) n);
                    alloc.put(op, (a1 - a0) / (double) n);
                }
            }
        }
        final Map<String, Figures> figures = new LinkedHashMap<>();
        for (final String op : ops) {
            final List<Double> t = new ArrayList<>(times.get(op));
            Collections.sort(t);
            figures.put(op, new Figures(t.get(0), t.get(t.size() / 4), t.get(t.size() / 2), alloc.get(op)));
        }
        return figures;
    }
}
