package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AppThreadsCpuTest {

    private static final long BURN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    @Test
    void countsTheCpuOfTheApplicationsLiveThreadsAndNoOtherThreads() throws InterruptedException {
        final CountDownLatch burnt = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Thread t = new Thread(() -> {
            final var mx = ManagementFactory.getThreadMXBean();
            while (mx.getCurrentThreadCpuTime() < BURN_NANOS) {
                Thread.onSpinWait();
            }
            burnt.countDown();
            try {
                release.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-test-x1-1234-StreamThread-1");
        t.start();
        try {
            burnt.await();
            assertTrue(AppThreadsCpu.nanos("bench-test-x1") >= BURN_NANOS);
            assertEquals(0, AppThreadsCpu.nanos("bench-test-x2"));
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void aThreadBelongsToTheApplicationWhoseIdItsNameCarriesWhole() {
        assertTrue(AppThreadsCpu.belongs("bench-r-c1-5f3e-StreamThread-1", "bench-r-c1"));
        assertTrue(AppThreadsCpu.belongs("kafka-producer-network-thread | bench-r-c1-5f3e-StreamThread-1-producer",
                "bench-r-c1"));
        assertTrue(AppThreadsCpu.belongs("kafka-coordinator-heartbeat-thread | bench-r-c1", "bench-r-c1"));
        assertFalse(AppThreadsCpu.belongs("bench-r-c10-5f3e-StreamThread-1", "bench-r-c1"));
        assertFalse(AppThreadsCpu.belongs("main", "bench-r-c1"));
    }
}
