package io.spamscorer.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spamscorer.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Chaos suite after Kafka's StreamsEosTest/EosTestDriver, on one machine: a real broker in its own JVM, up to three
 * {@code spam-scorer run} JVMs sharing one application id, a paced idempotent producer keeping a ledger, and faults
 * injected mid-stream — SIGKILL and restart of instances, rebalance churn 1 → 2 → 3 → 1, SIGSTOP past the session
 * timeout then SIGCONT (a zombie that must be fenced), and SIGKILL plus restart of the broker. Afterwards all
 * instances are stopped with SIGTERM (exit 0), the group must be empty, and output + DLQ are read
 * {@code read_committed} and checked against the ledger by {@link Verifier}.
 *
 * <p>Profile {@code short} (default) runs in {@code mvn verify}; {@code -Dchaos.profile=long} runs more records and
 * a second round of faults. The report goes to {@code target/chaos/report.md} and {@code report.json}.
 */
@Tag("chaos")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final String PROFILE = System.getProperty("chaos.profile", "short").toLowerCase(Locale.ROOT);
    private static final Path OUT = Path.of("target", "chaos");
    private static final long SETTLE_MS = 2_000;

    private static EmbeddedKafka broker;
    private static ChaosReport report;
    private static final String RUN_ID = Long.toString(System.currentTimeMillis() % 10_000_000, 36);

    @BeforeAll
    static void startBroker() {
        report = new ChaosReport(PROFILE);
        broker = EmbeddedKafka.builder()
                // Abort the transactions of killed or stopped producers soon after they time out.
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .start();
    }

    @AfterAll
    static void writeReportAndStopBroker() {
        try {
            if (report != null) {
                final String md = report.write(OUT);
                System.out.println("\n" + md + "\n(written to " + OUT.toAbsolutePath() + "/report.md and report.json)");
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    @Order(1)
    void shouldScoreEveryAcknowledgedRecordExactlyOnceThroughKillsRebalancesZombiesAndABrokerCrash() throws Exception {
        final ChaosReport.Run run = chaos("exactly_once_v2", fullSchedule());
        assertEquals(List.of(), run.notes.stream().filter(n -> n.startsWith("PROBLEM")).limit(30).toList(),
                "exactly_once_v2 chaos run; see target/chaos/report.md");
    }

    @Test
    @Order(2)
    void shouldLoseNothingUnderAtLeastOnceThroughTheSameFaults() throws Exception {
        final List<String> schedule = "long".equals(PROFILE) ? fullSchedule()
                // Short profile: each kind of fault once (churn 1 -> 2 -> 1), to stay within the CI budget.
                : List.of("up:b", "kill:a", "stop:b", "broker", "down:b");
        final ChaosReport.Run run = chaos("at_least_once", schedule);
        assertEquals(List.of(), run.notes.stream().filter(n -> n.startsWith("PROBLEM")).limit(30).toList(),
                "at_least_once chaos run; see target/chaos/report.md");
    }

    /** Rebalance churn 1 → 2 → 3, three SIGKILLs, a zombie, a broker crash, then 3 → 1 (twice as long in "long"). */
    private static List<String> fullSchedule() {
        final List<String> round = List.of("up:b", "up:c", "kill:a", "kill:b", "kill:c", "stop:b", "broker",
                "down:c", "down:b");
        final List<String> all = new ArrayList<>(round);
        if ("long".equals(PROFILE)) {
            all.addAll(round);
        }
        return all;
    }

    private static int rate() {
        return "long".equals(PROFILE) ? 150 : 80;
    }

    private ChaosReport.Run chaos(final String guarantee, final List<String> schedule) throws Exception {
        final String base = "chaos-" + (guarantee.startsWith("exactly") ? "eos" : "alos") + "-" + RUN_ID;
        final ChaosRunner runner = new ChaosRunner(broker.clientProperties(), broker.bootstrapServers(), (short) 1, OUT,
                false);
        return runner.run(report, guarantee, base, PROFILE, schedule, rate(), SETTLE_MS, ChaosIT::brokerCrash);
    }

    /** {@code broker}: SIGKILL of the only broker, 2 s down, then a restart on the same ports and data. */
    private static void brokerCrash(final ChaosRunner.Step s) throws InterruptedException {
        if (!"broker".equals(s.name())) {
            throw new IllegalArgumentException("unknown chaos step " + s.name());
        }
        broker.kill();
        Thread.sleep(2_000);
        final long restartAt = System.nanoTime();
        broker.restart();
        final long ready = ChaosRunner.ms(restartAt);
        s.run().fault(new ChaosReport.Fault("broker kill -9 + restart", "broker", s.atSeconds(), s.awaitRecovery(),
                "down 2000 ms, broker ready " + ready + " ms after restart"));
    }
}
