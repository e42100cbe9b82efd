package io.spamscorer.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spamscorer.kafka.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos suite against a real three-node cluster ({@link EmbeddedKafkaCluster}: combined broker+controller nodes,
 * RF 3, min ISR 2): two scorer JVMs under steady load while {@link ClusterFaults} kills the leader of the busiest
 * input partition, kills the transaction coordinator's host, rolls a controlled restart through all three nodes,
 * takes two of three down (below min ISR), and freezes a node past its session timeout. Verified like {@link ChaosIT}
 * by {@link ChaosRunner} and {@link Verifier}.
 *
 * <p>{@code -Dchaos.profile}: {@code short} (default, in {@code mvn verify}), {@code long}, or {@code soak} (only the
 * soak test: {@code -Dchaos.soak.minutes}, default 30, a fault every {@code -Dchaos.soak.gap.seconds}, default 150,
 * with the scorers' heap after GC, threads and open fds sampled). Reports: {@code target/chaos/cluster-report.md}
 * / {@code .json}, {@code target/chaos/cluster-soak.md} / {@code .json}.
 */
@Tag("chaos")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterChaosIT {

    private static final String PROFILE = System.getProperty("chaos.profile", "short").toLowerCase(Locale.ROOT);
    private static final Path OUT = Path.of("target", "chaos");
    private static final String RERUN = "mvn -B test-compile failsafe:integration-test -Dit.test=ClusterChaosIT"
            + ("short".equals(PROFILE) ? "" : " -Dchaos.profile=" + PROFILE)
            + "   (after `mvn -B package -DskipTests`, which builds target/spam-scorer.jar)";
    private static final long GAP_MS = 2_000;
    private static final int REPLACEMENTS_MAX = 3; // scorer.thread.replacements.max default
    private static final List<String> ALL = List.of("leader", "coordinator", "rolling", "minisr", "freeze");
    private static final String RUN_ID = Long.toString(System.currentTimeMillis() % 10_000_000, 36);

    private static EmbeddedKafkaCluster cluster;
    private static ChaosReport report;

    @BeforeAll
    static void startCluster() {
        report = new ChaosReport(PROFILE, "Cluster chaos report (3 KRaft nodes, RF 3, min ISR 2)", RERUN);
        final long t0 = System.nanoTime();
        cluster = EmbeddedKafkaCluster.builder()
                // Abort the transactions of killed or stopped producers soon after they time out.
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .start();
        final long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("cluster ready in %d ms; RSS MiB %s%n", startMs, rss());
        report.add(clusterRun(startMs));
    }

    @AfterAll
    static void writeReportAndStopCluster() {
        try {
            if (report != null) {
                report.runs().get(0).figure("node RSS at the end (MiB)", rss());
                final String md = report.write(OUT, "cluster-report");
                System.out.println("\n" + md + "\n(written to " + OUT.toAbsolutePath() + "/cluster-report.md and .json)");
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void shouldScoreEveryAcknowledgedRecordExactlyOnceThroughBrokerFailuresOfAThreeNodeCluster() throws Exception {
        assumeFalse("soak".equals(PROFILE), "soak profile runs only the soak test");
        final List<String> schedule = new ArrayList<>(ALL);
        if ("long".equals(PROFILE)) {
            schedule.add("up:c");
            schedule.addAll(ALL);
        }
        assertNoProblems(chaos("exactly_once_v2", schedule, rate(), GAP_MS, null));
    }

    @Test
    @Order(2)
    void shouldLoseNothingUnderAtLeastOnceThroughBrokerFailuresOfAThreeNodeCluster() throws Exception {
        assumeFalse("soak".equals(PROFILE), "soak profile runs only the soak test");
        // Short profile: one leader failover, to stay within the CI budget; the long profile runs all five.
        final List<String> schedule = "long".equals(PROFILE) ? ALL : List.of("leader");
        assertNoProblems(chaos("at_least_once", schedule, rate(), GAP_MS, null));
    }

    @Test
    @Order(3)
    void shouldKeepHeapThreadsAndFilesFlatThroughASoakWithAFaultEveryFewMinutes() throws Exception {
        assumeTrue("soak".equals(PROFILE), "run with -Dchaos.profile=soak");
        final double minutes = Double.parseDouble(System.getProperty("chaos.soak.minutes", "30"));
        final long gapMs = TimeUnit.SECONDS.toMillis(Long.parseLong(System.getProperty("chaos.soak.gap.seconds", "150")));
        final List<String> schedule = new ArrayList<>();
        // A fault with its recovery takes roughly 40 s on top of the gap.
        final long faults = Math.max(1, Math.round(minutes * 60_000 / (gapMs + 40_000)));
        for (int i = 0; i < faults; i++) {
            schedule.add(ALL.get(i % ALL.size()));
        }
        try (ResourceSampler sampler = new ResourceSampler(30_000)) {
            try {
                assertNoProblems(chaos("exactly_once_v2", schedule, 100, gapMs, sampler));
            } finally {
                System.out.println(sampler.write(OUT, "cluster-soak"));
            }
        }
    }

    private static ChaosReport.Run chaos(final String guarantee, final List<String> schedule, final int rate,
                                         final long gapMs, final ResourceSampler sampler) throws Exception {
        final String base = "cluster-" + (guarantee.startsWith("exactly") ? "eos" : "alos") + "-" + RUN_ID;
        final ChaosRunner runner = new ChaosRunner(cluster.clientProperties(), cluster.bootstrapServers(),
                (short) EmbeddedKafkaCluster.SIZE, OUT, true).reportName("cluster-report", "cluster-")
                .initialInstances(2);
        if (sampler != null) {
            runner.onSession(sampler::start);
        }
        final ClusterFaults faults = new ClusterFaults(cluster, belowMinIsrMs(), freezeMs(), REPLACEMENTS_MAX,
                "long".equals(PROFILE) ? 60_000 : 30_000);
        return runner.run(report, guarantee, base, PROFILE, schedule, rate, gapMs, faults);
    }

    private static void assertNoProblems(final ChaosReport.Run run) {
        assertEquals(List.of(), run.notes.stream().filter(n -> n.startsWith("PROBLEM")).limit(30).toList(),
                run.guarantee + " cluster chaos run; see target/chaos/cluster-report.md");
    }

    private static ChaosReport.Run clusterRun(final long startMs) {
        final ChaosReport.Run run = new ChaosReport.Run("cluster", PROFILE);
        run.figure("nodes", "3, each KRaft broker+controller in its own JVM (-Xmx512m), one controller quorum of 3");
        run.figure("replication", "topics RF 3, min.insync.replicas 2; transaction log RF 3, min ISR 2; offsets RF 3");
        run.figure("start-up, all three nodes ready (ms)", startMs);
        run.figure("node RSS after start (MiB)", rss());
        run.passed = true;
        return run;
    }

    private static String rss() {
        return cluster.nodeIds().stream().map(id -> "node-" + id + " " + cluster.residentKiB(id) / 1024)
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static int rate() {
        return "long".equals(PROFILE) ? 150 : 80;
    }

    private static long belowMinIsrMs() {
        // Longer than StreamsHealth.STALL_THRESHOLD (15 s), so /health/ready has to say why.
        return "long".equals(PROFILE) ? 60_000 : 25_000;
    }

    private static long freezeMs() {
        return ClusterFaults.BROKER_SESSION_MS + ("long".equals(PROFILE) ? 15_000 : 7_000);
    }
}
