package io.spamscorer.chaos;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * One chaos run, shared by {@link ChaosIT} (one broker) and {@link ClusterChaosIT} (three): topics, up to three
 * {@code spam-scorer run} JVMs, the paced {@link Workload} with its {@link Ledger}, a schedule of faults injected
 * mid-stream, then SIGTERM of every instance, an empty group and the {@link Verifier}'s check. Instance faults
 * ({@code up:x}, {@code down:x}, {@code kill:x}, {@code stop:x}) are {@link InstanceFaults}; any other step goes to
 * the caller's {@link BrokerFaults}.
 */
final class ChaosRunner {

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);
    static final long SESSION_TIMEOUT_MS = 6_000;
    static final Pattern FENCING = Pattern.compile(
            "(?i)fenc|TaskMigrated|ProducerFenced|InvalidProducerEpoch|CommitFailed|UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION");
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);
    private static final int PARTITIONS = 6;
    private static final int MALFORMED_EVERY = 40;

    /** Injects a fault the runner does not know (a broker fault) and records it on {@code s.run}. */
    interface BrokerFaults {
        void inject(Step s) throws InterruptedException;
    }

    /** Everything a fault needs: the run, the instances, the topics, and the committed output before injection. */
    record Step(String name, ChaosReport.Run run, Session session, Offsets offsets, Map<TopicPartition, Long> baseline,
                long atNanos, double atSeconds) {

        /** Milliseconds from injection to committed progress on every output partition, or -1 after the timeout. */
        long awaitRecovery() throws InterruptedException {
            return offsets.awaitProgress(baseline, atNanos, RECOVERY_TIMEOUT);
        }
    }

    /** The topics, instances and HTTP ports of one run. */
    record Session(String appId, String input, String output, String dlq, Map<String, ScorerProcess> instances,
                   List<String> alive, Map<String, Integer> httpPorts) {
    }

    private final Map<String, Object> clientProps;
    private final String bootstrap;
    private final short replication;
    private final Path out;
    private final boolean http;
    private Consumer<Session> onSession = session -> { };
    private String reportName = "report";
    private String dirPrefix = "";
    private int initialInstances = 1;

    /**
     * @param replication replication factor of the run's topics
     * @param http        whether each instance serves its HTTP endpoint (on a free port, see {@link Session})
     */
    ChaosRunner(final Map<String, Object> clientProps, final String bootstrap, final short replication, final Path out,
                final boolean http) {
        this.clientProps = clientProps;
        this.bootstrap = bootstrap;
        this.replication = replication;
        this.out = out;
        this.http = http;
    }

    /** Starts {@code count} instances (a, b, c in that order) before the workload; default 1. */
    ChaosRunner initialInstances(final int count) {
        this.initialInstances = count;
        return this;
    }

    /** Calls {@code listener} once the first instance runs (e.g. to sample the instances' resources). */
    ChaosRunner onSession(final Consumer<Session> listener) {
        this.onSession = listener;
        return this;
    }

    /**
     * Writes the report as {@code <name>.md} / {@code .json} (default {@code report}) and the instances' files under
     * {@code <dirPrefix><guarantee>/} (default no prefix).
     */
    ChaosRunner reportName(final String name, final String dirPrefix) {
        this.reportName = name;
        this.dirPrefix = dirPrefix;
        return this;
    }

    ChaosReport.Run run(final ChaosReport report, final String guarantee, final String base, final String profile,
                        final List<String> schedule, final int rate, final long gapMs, final BrokerFaults faults)
            throws Exception {
        final ChaosReport.Run run = new ChaosReport.Run(guarantee, profile);
        report.add(run);
        final long t0 = System.nanoTime();
        final Session session = session(guarantee, base);
        createTopics(session);
        final Model model = ModelLoader.load(Path.of("config", "model.json"));
        final Ledger ledger = new Ledger();
        final Workload workload = new Workload(clientProps, session.input(), base, model, ledger, rate, MALFORMED_EVERY);
        final Verifier verifier = new Verifier(clientProps, session.output(), session.dlq());
        run.figure("processing.guarantee", guarantee);
        run.figure("input partitions", PARTITIONS);
        run.figure("topic replication factor", replication);
        run.figure("producer rate (records/s)", rate);
        try (Offsets offsets = new Offsets(clientProps)) {
            final List<String> initial = List.of("a", "b", "c").subList(0, initialInstances);
            initial.forEach(name -> session.instances().get(name).start());
            for (final String name : initial) {
                session.instances().get(name).awaitRunning(START_TIMEOUT);
                session.alive().add(name);
            }
            onSession.accept(session);
            workload.start();
            final Map<TopicPartition, Long> empty = offsets.committedEnds(List.of(session.output()), RECOVERY_TIMEOUT);
            final long first = offsets.awaitProgress(empty, System.nanoTime(), RECOVERY_TIMEOUT);
            run.note("first committed output on every partition after " + first + " ms of producing");
            for (final String step : schedule) {
                Thread.sleep(gapMs);
                final Map<TopicPartition, Long> baseline = offsets.committedEnds(List.of(session.output()), RECOVERY_TIMEOUT);
                final long at = System.nanoTime();
                final Step s = new Step(step, run, session, offsets, baseline, at, (at - t0) / 1e9);
                if (!InstanceFaults.inject(s)) {
                    faults.inject(s);
                }
                final ChaosReport.Fault last = run.faults.get(run.faults.size() - 1);
                if (last.recoveryMs() < 0) {
                    run.note("no committed progress on every output partition within " + RECOVERY_TIMEOUT.toSeconds()
                            + " s after " + step);
                }
                checkAlive(run, session);
            }
            Thread.sleep(gapMs);
            workload.stop(240_000);
            finish(run, session, ledger, verifier, offsets, guarantee);
        } catch (final Throwable e) {
            run.note("PROBLEM: run aborted: " + e);
            throw e;
        } finally {
            workload.abort();
            for (final ScorerProcess p : session.instances().values()) {
                p.close();
            }
            run.wallSeconds = ms(t0) / 1000.0;
            report.write(out, reportName);
        }
        return run;
    }

    private void finish(final ChaosReport.Run run, final Session session, final Ledger ledger, final Verifier verifier,
                        final Offsets offsets, final String guarantee) throws InterruptedException {
        run.figure("instances started (at least once)",
                session.instances().values().stream().filter(p -> Files.exists(p.log())).count());
        run.figure("records sent", ledger.sentCount());
        run.figure("records acknowledged", ledger.ackedCount());
        run.figure("malformed records acknowledged", ledger.ackedMalformed());
        run.figure("sends failed (not acknowledged)", ledger.failures().size());
        final long catchUp = System.nanoTime();
        final boolean complete = verifier.awaitAllResults(ledger, Duration.ofSeconds(120));
        run.note("all acknowledged ids had a result " + (complete ? "after " + ms(catchUp) + " ms of catch-up"
                : "NOT within 120 s of catch-up"));
        for (final String name : List.copyOf(session.alive())) {
            final int code = session.instances().get(name).terminate(STOP_TIMEOUT);
            session.alive().remove(name);
            if (code != 0) {
                run.note("PROBLEM: instance-" + name + " exited with " + code + " after SIGTERM (expected 0)");
            }
        }
        final GroupState state = offsets.awaitGroupEmpty(session.appId(), Duration.ofSeconds(60));
        run.figure("consumer group state after stop", state);
        if (state != GroupState.EMPTY && state != GroupState.DEAD) {
            run.note("PROBLEM: consumer group " + session.appId() + " is " + state + " after all instances stopped");
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
        for (final ScorerProcess p : session.instances().values()) {
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
    }

    /** An instance that should be running but exited is a finding; restart it so the run can go on. */
    private static void checkAlive(final ChaosReport.Run run, final Session session) throws InterruptedException {
        for (final String name : session.alive()) {
            final ScorerProcess p = session.instances().get(name);
            if (!p.isAlive()) {
                run.note("PROBLEM: " + p.name() + " exited unexpectedly (" + p.terminate(Duration.ZERO)
                        + "); log tail: " + abbreviate(p.tail(5)));
                p.start();
                p.awaitRunning(START_TIMEOUT);
            }
        }
    }

    private Session session(final String guarantee, final String base) {
        final Path dir = out.resolve(dirPrefix + guarantee);
        final Properties props = instanceProperties(guarantee, base);
        final Map<String, ScorerProcess> instances = new LinkedHashMap<>();
        final Map<String, Integer> httpPorts = new LinkedHashMap<>();
        for (final String name : List.of("a", "b", "c")) {
            final Properties p = (Properties) props.clone();
            p.setProperty("state.dir", dir.resolve("state-" + name).toAbsolutePath().toString());
            if (http) {
                httpPorts.put(name, freePort());
                p.setProperty("scorer.http.port", Integer.toString(httpPorts.get(name)));
            }
            instances.put(name, new ScorerProcess("instance-" + name, dir, p));
        }
        return new Session(base, base + ".in", base + ".out", base + ".dlq", instances, new ArrayList<>(), httpPorts);
    }

    private Properties instanceProperties(final String guarantee, final String appId) {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("application.id", appId);
        p.setProperty("processing.guarantee", guarantee);
        p.setProperty(ScorerConfig.INPUT_TOPIC, appId + ".in");
        p.setProperty(ScorerConfig.OUTPUT_TOPIC, appId + ".out");
        p.setProperty(ScorerConfig.DLQ_TOPIC, appId + ".dlq");
        p.setProperty(ScorerConfig.MODEL_TOPIC, appId + ".models");
        p.setProperty(ScorerConfig.MODEL_PATH, Path.of("config", "model.json").toAbsolutePath().toString());
        p.setProperty(ScorerConfig.SHUTDOWN_TIMEOUT, "30s");
        p.setProperty("commit.interval.ms", "100");
        p.setProperty("session.timeout.ms", Long.toString(SESSION_TIMEOUT_MS));
        // Several instances share this machine; the HTTP endpoint is only served when a fault needs it.
        p.setProperty("scorer.http.port", "0");
        p.setProperty("heartbeat.interval.ms", "1000");
        return p;
    }

    private void createTopics(final Session s) throws Exception {
        try (Offsets offsets = new Offsets(clientProps)) {
            final String models = s.appId() + ".models";
            offsets.admin().createTopics(List.of(
                    new NewTopic(s.input(), PARTITIONS, replication),
                    new NewTopic(s.output(), PARTITIONS, replication),
                    new NewTopic(s.dlq(), PARTITIONS, replication),
                    new NewTopic(models, 1, replication).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(60, TimeUnit.SECONDS);
            TopicMetadata.awaitLeaders(offsets.admin(), List.of(s.input(), s.output(), s.dlq(), models),
                    Duration.ofSeconds(60));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long ms(final long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
    }

    static String abbreviate(final String s) {
        final String one = s.replace('\n', ' ');
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}
