package io.spamscorer.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
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
    private static final int PARTITIONS = 6;
    private static final int MALFORMED_EVERY = 40;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);
    private static final long SESSION_TIMEOUT_MS = 6_000;
    private static final long SIGSTOP_MS = SESSION_TIMEOUT_MS + 6_000;
    private static final long SETTLE_MS = 2_000;
    private static final Pattern FENCING = Pattern.compile(
            "(?i)fenc|TaskMigrated|ProducerFenced|InvalidProducerEpoch|CommitFailed|UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION");

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
        final ChaosReport.Run run = new ChaosReport.Run(guarantee, PROFILE);
        report.add(run);
        final long t0 = System.nanoTime();
        final String base = "chaos-" + (guarantee.startsWith("exactly") ? "eos" : "alos") + "-" + RUN_ID;
        final String input = base + ".in";
        final String output = base + ".out";
        final String dlq = base + ".dlq";
        createTopics(input, output, dlq, base + ".models");
        final Path dir = OUT.resolve(guarantee);
        final Properties props = instanceProperties(guarantee, base, input, output, dlq);
        final Map<String, ScorerProcess> instances = new LinkedHashMap<>();
        for (final String name : List.of("a", "b", "c")) {
            final Properties p = (Properties) props.clone();
            p.setProperty("state.dir", dir.resolve("state-" + name).toAbsolutePath().toString());
            instances.put(name, new ScorerProcess("instance-" + name, dir, p));
        }
        final Model model = ModelLoader.load(Path.of("config", "model.json"));
        final Ledger ledger = new Ledger();
        final Workload workload = new Workload(broker.clientProperties(), input, base, model, ledger, rate(), MALFORMED_EVERY);
        final Verifier verifier = new Verifier(broker.clientProperties(), output, dlq);
        final List<String> alive = new ArrayList<>();
        run.figure("processing.guarantee", guarantee);
        run.figure("instances (max)", 3);
        run.figure("input partitions", PARTITIONS);
        run.figure("producer rate (records/s)", rate());
        try (Offsets offsets = new Offsets(broker.clientProperties())) {
            instances.get("a").start();
            instances.get("a").awaitRunning(START_TIMEOUT);
            alive.add("a");
            workload.start();
            final Map<TopicPartition, Long> empty = offsets.committedEnds(List.of(output), RECOVERY_TIMEOUT);
            final long first = offsets.awaitProgress(empty, System.nanoTime(), RECOVERY_TIMEOUT);
            run.note("first committed output on every partition after " + first + " ms of producing");
            for (final String step : schedule) {
                Thread.sleep(SETTLE_MS);
                inject(step, run, instances, alive, offsets, output, t0);
                checkAlive(run, instances, alive);
            }
            Thread.sleep(SETTLE_MS);
            workload.stop(120_000);
            run.figure("records sent", ledger.sentCount());
            run.figure("records acknowledged", ledger.ackedCount());
            run.figure("malformed records acknowledged", ledger.ackedMalformed());
            run.figure("sends failed (not acknowledged)", ledger.failures().size());
            final long catchUp = System.nanoTime();
            final boolean complete = verifier.awaitAllResults(ledger, Duration.ofSeconds(120));
            run.note("all acknowledged ids had a result " + (complete ? "after " + ms(catchUp) + " ms of catch-up"
                    : "NOT within 120 s of catch-up"));
            for (final String name : List.copyOf(alive)) {
                final int code = instances.get(name).terminate(STOP_TIMEOUT);
                alive.remove(name);
                if (code != 0) {
                    run.note("PROBLEM: instance-" + name + " exited with " + code + " after SIGTERM (expected 0)");
                }
            }
            final GroupState state = offsets.awaitGroupEmpty(base, Duration.ofSeconds(60));
            run.figure("consumer group state after stop", state);
            if (state != GroupState.EMPTY && state != GroupState.DEAD) {
                run.note("PROBLEM: consumer group " + base + " is " + state + " after all instances stopped");
            }
            final Verifier.Result r = verifier.verify(ledger, offsets, !guarantee.startsWith("exactly"));
            run.figure("ids verified (acknowledged, with a result)", r.verifiedIds());
            run.figure("output records", r.outputRecords());
            run.figure("dead-letter records", r.deadLetters());
            run.figure("duplicate ids", r.duplicateIds());
            run.figure("duplicate records", r.duplicateRecords());
            run.figure("missing ids", r.missingIds());
            run.figure("unknown ids", r.unknownIds());
            run.figure("wrong values or reasons", r.wrongValues());
            run.figure("partitions with a hanging transaction", r.hangingPartitions());
            run.figure("unacknowledged sends that still produced a result", r.failedSendsSeen());
            int fencing = 0;
            for (final ScorerProcess p : instances.values()) {
                fencing += p.countLines(FENCING, 0);
            }
            run.figure("fencing/migration log lines (all instances)", fencing);
            final long faults = run.faults.stream().filter(f -> !f.type().startsWith("scale")).count();
            run.figure("faults injected (kill/stop/broker)", faults);
            run.figure("rebalance events (scale up/down)", run.faults.size() - faults);
            r.problems().stream().limit(50).forEach(p -> run.note("PROBLEM: " + p));
            if (r.problems().size() > 50) {
                run.note("PROBLEM: ... and " + (r.problems().size() - 50) + " more");
            }
            run.passed = run.notes.stream().noneMatch(n -> n.startsWith("PROBLEM"));
        } catch (final Throwable e) {
            run.note("PROBLEM: run aborted: " + e);
            throw e;
        } finally {
            workload.abort();
            for (final ScorerProcess p : instances.values()) {
                p.close();
            }
            run.wallSeconds = ms(t0) / 1000.0;
            report.write(OUT);
        }
        return run;
    }

    private void inject(final String step, final ChaosReport.Run run, final Map<String, ScorerProcess> instances,
                        final List<String> alive, final Offsets offsets, final String output, final long t0)
            throws InterruptedException {
        final String[] parts = step.split(":");
        final ScorerProcess target = parts.length > 1 ? instances.get(parts[1]) : null;
        final List<String> topics = List.of(output);
        final Map<TopicPartition, Long> baseline = offsets.committedEnds(topics, RECOVERY_TIMEOUT);
        final long at = System.nanoTime();
        final double atSeconds = (at - t0) / 1e9;
        switch (parts[0]) {
            case "up" -> {
                target.start();
                target.awaitRunning(START_TIMEOUT);
                alive.add(parts[1]);
                final long running = ms(at);
                final Map<TopicPartition, Long> now = offsets.committedEnds(topics, RECOVERY_TIMEOUT);
                final long recovery = offsets.awaitProgress(now, at, RECOVERY_TIMEOUT);
                run.fault(new ChaosReport.Fault("scale up to " + alive.size(), target.name(), atSeconds, recovery,
                        "new instance RUNNING after " + running + " ms"));
            }
            case "down" -> {
                final int code = target.terminate(STOP_TIMEOUT);
                alive.remove(parts[1]);
                final long stopped = ms(at);
                final long recovery = offsets.awaitProgress(baseline, at, RECOVERY_TIMEOUT);
                run.fault(new ChaosReport.Fault("scale down to " + alive.size(), target.name(), atSeconds, recovery,
                        "SIGTERM -> exit " + code + " after " + stopped + " ms"));
                if (code != 0) {
                    run.note("PROBLEM: " + target.name() + " exited with " + code + " after SIGTERM (expected 0)");
                }
            }
            case "kill" -> {
                target.kill9();
                target.start();
                target.awaitRunning(START_TIMEOUT);
                final long running = ms(at);
                final long recovery = offsets.awaitProgress(baseline, at, RECOVERY_TIMEOUT);
                run.fault(new ChaosReport.Fault("kill -9 + restart", target.name(), atSeconds, recovery,
                        "restarted instance RUNNING after " + running + " ms"));
            }
            case "stop" -> {
                target.sigstop();
                long recovery = offsets.awaitProgress(baseline, at, Duration.ofMillis(SIGSTOP_MS));
                final long remaining = SIGSTOP_MS - ms(at);
                if (remaining > 0) {
                    Thread.sleep(remaining);
                }
                final long mark = target.logMark();
                target.sigcont();
                if (recovery < 0) {
                    recovery = offsets.awaitProgress(baseline, at, RECOVERY_TIMEOUT);
                }
                String rejoined;
                try {
                    target.awaitLog(mark, Pattern.compile("-> RUNNING"), START_TIMEOUT);
                    rejoined = "rejoined and RUNNING again " + ms(at) + " ms after SIGSTOP";
                } catch (final AssertionError e) {
                    rejoined = "did not log RUNNING again: " + e.getMessage().lines().findFirst().orElse("");
                }
                final int fenced = target.countLines(FENCING, mark);
                final String first = target.firstLine(FENCING, mark);
                run.fault(new ChaosReport.Fault("SIGSTOP " + SIGSTOP_MS + " ms (session.timeout.ms " + SESSION_TIMEOUT_MS
                        + ") + SIGCONT", target.name(), atSeconds, recovery, rejoined + "; " + fenced
                        + " fencing/migration log lines after SIGCONT"
                        + (first == null ? "" : ", first: " + abbreviate(first))));
            }
            case "broker" -> {
                broker.kill();
                Thread.sleep(2_000);
                final long restartAt = System.nanoTime();
                broker.restart();
                final long ready = ms(restartAt);
                final long recovery = offsets.awaitProgress(baseline, at, RECOVERY_TIMEOUT);
                run.fault(new ChaosReport.Fault("broker kill -9 + restart", "broker", atSeconds, recovery,
                        "down 2000 ms, broker ready " + ready + " ms after restart"));
            }
            default -> throw new IllegalArgumentException("unknown chaos step " + step);
        }
        final ChaosReport.Fault last = run.faults.get(run.faults.size() - 1);
        if (last.recoveryMs() < 0) {
            run.note("no committed progress on every output partition within " + RECOVERY_TIMEOUT.toSeconds()
                    + " s after " + step);
        }
    }

    /** An instance that should be running but exited is a finding; restart it so the run can go on. */
    private static void checkAlive(final ChaosReport.Run run, final Map<String, ScorerProcess> instances,
                                   final List<String> alive) throws InterruptedException {
        for (final String name : alive) {
            final ScorerProcess p = instances.get(name);
            if (!p.isAlive()) {
                run.note("PROBLEM: " + p.name() + " exited unexpectedly (" + p.terminate(Duration.ZERO)
                        + "); log tail: " + abbreviate(p.tail(5)));
                p.start();
                p.awaitRunning(START_TIMEOUT);
            }
        }
    }

    private static Properties instanceProperties(final String guarantee, final String appId, final String input,
                                                 final String output, final String dlq) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", broker.bootstrapServers());
        p.setProperty("application.id", appId);
        p.setProperty("processing.guarantee", guarantee);
        p.setProperty(ScorerConfig.INPUT_TOPIC, input);
        p.setProperty(ScorerConfig.OUTPUT_TOPIC, output);
        p.setProperty(ScorerConfig.DLQ_TOPIC, dlq);
        p.setProperty(ScorerConfig.MODEL_TOPIC, appId + ".models");
        p.setProperty(ScorerConfig.MODEL_PATH, Path.of("config", "model.json").toAbsolutePath().toString());
        p.setProperty(ScorerConfig.SHUTDOWN_TIMEOUT, "30s");
        p.setProperty("commit.interval.ms", "100");
        p.setProperty("session.timeout.ms", Long.toString(SESSION_TIMEOUT_MS));
        // Several instances share this machine; the HTTP endpoint is not needed here.
        p.setProperty("scorer.http.port", "0");
        p.setProperty("heartbeat.interval.ms", "1000");
        return p;
    }

    private static void createTopics(final String input, final String output, final String dlq, final String models)
            throws Exception {
        try (Offsets offsets = new Offsets(broker.clientProperties())) {
            offsets.admin().createTopics(List.of(
                    new NewTopic(input, PARTITIONS, (short) 1),
                    new NewTopic(output, PARTITIONS, (short) 1),
                    new NewTopic(dlq, PARTITIONS, (short) 1),
                    new NewTopic(models, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(60, TimeUnit.SECONDS);
            TopicMetadata.awaitLeaders(offsets.admin(), List.of(input, output, dlq, models), Duration.ofSeconds(60));
        }
    }

    private static long ms(final long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
    }

    private static String abbreviate(final String s) {
        final String one = s.replace('\n', ' ');
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}
