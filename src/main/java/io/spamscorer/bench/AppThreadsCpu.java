package io.spamscorer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time used so far by the live threads of one Kafka Streams application in this JVM: its stream threads
 * ({@code <application.id>-<uuid>-StreamThread-n}), its clients' I/O threads ({@code kafka-producer-network-thread |
 * <application.id>-…}) and the like, all of which carry the application id in their names. GC and JIT threads are
 * the JVM's, not the application's, and are not counted. Read it before the application closes: a thread that has
 * ended takes its CPU time with it.
 *
 * <p>Why: a workload's records/s is bound by whatever it waits for, which on a shared machine is often the broker;
 * its CPU per record is the cost of the work itself, and the scorer's minus the identity topology's is the scorer's
 * own cost in the running topology.
 */
final class AppThreadsCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AppThreadsCpu() {
    }

    /** The CPU nanoseconds of the live threads that {@link #belongs belong} to the application, or -1 if not measurable. */
    static long nanos(final String applicationId) {
        if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
            return -1;
        }
        long sum = 0;
        for (final ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && belongs(t.getThreadName(), applicationId)) {
                final long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                sum += Math.max(cpu, 0); // -1 for a thread that ended in between
            }
        }
        return sum;
    }

    /**
     * Whether a thread belongs to the application: its id followed by {@code -} (client ids) or at the end (the
     * consumer's heartbeat thread), so that application {@code …-c1} does not count the threads of {@code …-c10}.
     */
    static boolean belongs(final String threadName, final String applicationId) {
        final int at = threadName.indexOf(applicationId);
        if (at < 0) {
            return false;
        }
        final int end = at + applicationId.length();
        return end == threadName.length() || threadName.charAt(end) == '-';
    }
}
