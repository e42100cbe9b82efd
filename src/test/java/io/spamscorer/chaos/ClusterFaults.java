package io.spamscorer.chaos;

import io.spamscorer.kafka.EmbeddedKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The broker faults of {@link ClusterChaosIT}, after Kafka's StreamsBrokerBounceTest: each picks its target from the
 * cluster's own metadata at the moment of injection, records the fault with its recovery time (injection until the
 * committed end offset of every output partition grew), and waits until every partition is fully replicated again
 * before the next fault, so faults never overlap.
 * <ul>
 *   <li>{@code leader}: kill -9 the leader of the busiest input partition; restart it once the job made progress
 *       on every output partition without it (at least 2 s, at most {@code maxDownMs} later);</li>
 *   <li>{@code coordinator}: the same for the node hosting the transaction coordinator of one of the scorer's
 *       transactional ids (under at_least_once, which has none, the consumer group coordinator);</li>
 *   <li>{@code rolling}: controlled shutdown and restart of each node in turn;</li>
 *   <li>{@code minisr}: kill -9 two of three nodes (below min.insync.replicas, and the controller quorum lost),
 *       probing /health/ready meanwhile, then restart both;</li>
 *   <li>{@code freeze}: SIGSTOP the leader of the busiest input partition for longer than its session timeout, then
 *       SIGCONT.</li>
 * </ul>
 */
final class ClusterFaults implements ChaosRunner.BrokerFaults {

    /** The broker heartbeat session set by EmbeddedKafka ({@code broker.session.timeout.ms}). */
    static final long BROKER_SESSION_MS = 3_000;
    /** The least time a killed node stays down. */
    private static final long DOWN_MS = 2_000;
    private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern REPLACED = Pattern.compile("stream thread died");

    private final EmbeddedKafkaCluster cluster;
    private final long belowMinIsrMs;
    private final long freezeMs;
    private final int replacementsMax;
    private final long maxDownMs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ClusterFaults(final EmbeddedKafkaCluster cluster, final long belowMinIsrMs, final long freezeMs,
                  final int replacementsMax, final long maxDownMs) {
        this.cluster = cluster;
        this.maxDownMs = maxDownMs;
        this.belowMinIsrMs = belowMinIsrMs;
        this.freezeMs = freezeMs;
        this.replacementsMax = replacementsMax;
    }

    @Override
    public void inject(final ChaosRunner.Step s) throws InterruptedException {
        switch (s.name()) {
            case "leader" -> leader(s);
            case "coordinator" -> coordinator(s);
            case "rolling" -> rolling(s);
            case "minisr" -> belowMinIsr(s);
            case "freeze" -> freeze(s);
            default -> throw new IllegalArgumentException("unknown cluster chaos step " + s.name());
        }
        if (!cluster.awaitFullyReplicated(REPLICATION_TIMEOUT)) {
            s.run().note("PROBLEM: partitions still under-replicated " + REPLICATION_TIMEOUT.toSeconds() + " s after "
                    + s.name());
        }
    }

    private void leader(final ChaosRunner.Step s) throws InterruptedException {
        final TopicPartition busiest = busiestInput(s);
        final int node = cluster.leaderOf(busiest);
        killAndRestart(s, node, "kill -9 leader of busiest input partition + restart", "leader of " + busiest);
    }

    private void coordinator(final ChaosRunner.Step s) throws InterruptedException {
        final String appId = s.session().appId();
        final List<String> ids = cluster.transactionalIds(appId + "-");
        final int node;
        final String what;
        if (!ids.isEmpty()) {
            what = "transaction coordinator of " + ids.get(0) + " (" + ids.size() + " transactional ids)";
            node = cluster.transactionCoordinatorOf(ids.get(0));
        } else {
            what = "group coordinator of " + appId + " (no transactional ids under this guarantee)";
            node = groupCoordinator(s, appId);
        }
        if (node < 0) {
            s.run().note("PROBLEM: cannot find the " + what);
            return;
        }
        killAndRestart(s, node, "kill -9 coordinator host + restart", what);
    }

    private void killAndRestart(final ChaosRunner.Step s, final int node, final String type, final String what)
            throws InterruptedException {
        final TopicPartition busiest = busiestInput(s);
        cluster.node(node).kill();
        final long killed = System.nanoTime();
        int newLeader = -1;
        while (ChaosRunner.ms(killed) < DOWN_MS) {
            final int l = cluster.leaderOf(busiest);
            newLeader = l == node ? -1 : l;
            if (newLeader > 0) {
                break;
            }
            Thread.sleep(100);
        }
        final long electedMs = ChaosRunner.ms(killed);
        // Recovery is measured with the node still down (failover, not restart), for at most maxDownMs.
        long recovery = s.offsets().awaitProgress(s.baseline(), s.atNanos(), Duration.ofMillis(maxDownMs));
        Thread.sleep(Math.max(0, DOWN_MS - ChaosRunner.ms(killed)));
        final long down = ChaosRunner.ms(killed);
        final long restartAt = System.nanoTime();
        cluster.node(node).restart();
        final long ready = ChaosRunner.ms(restartAt);
        final String failover = recovery >= 0 ? "recovered with the node down"
                : "no progress on every partition within " + maxDownMs + " ms with the node down";
        if (recovery < 0) {
            recovery = s.awaitRecovery();
        }
        s.run().fault(new ChaosReport.Fault(type, "node-" + node, s.atSeconds(), recovery,
                what + "; " + failover + "; " + busiest + " led by " + (newLeader > 0 ? "node-" + newLeader + " "
                        + electedMs + " ms" : "no other node within " + DOWN_MS + " ms") + " after the kill; down "
                        + down + " ms, node ready " + ready + " ms after restart"));
    }

    private void rolling(final ChaosRunner.Step s) throws InterruptedException {
        final List<String> steps = new ArrayList<>();
        long worst = 0;
        for (final int node : cluster.nodeIds()) {
            final Map<TopicPartition, Long> before = s.offsets().committedEnds(List.of(s.session().output()),
                    ChaosRunner.RECOVERY_TIMEOUT);
            final long at = System.nanoTime();
            cluster.node(node).stop();
            final long stopped = ChaosRunner.ms(at);
            // Measured with the node down: the job must move on with its leaderships moved elsewhere.
            long recovery = s.offsets().awaitProgress(before, at, Duration.ofSeconds(60));
            final long restartAt = System.nanoTime();
            cluster.node(node).restart();
            final long ready = ChaosRunner.ms(restartAt);
            if (recovery < 0) {
                recovery = s.offsets().awaitProgress(before, at, ChaosRunner.RECOVERY_TIMEOUT);
            }
            final long replicated = System.nanoTime();
            cluster.awaitFullyReplicated(REPLICATION_TIMEOUT);
            steps.add("node-" + node + ": stopped in " + stopped + " ms, progress " + recovery + " ms, ready "
                    + ready + " ms, in sync " + ChaosRunner.ms(replicated) + " ms");
            worst = recovery < 0 || worst < 0 ? -1 : Math.max(worst, recovery);
        }
        s.run().fault(new ChaosReport.Fault("rolling controlled restart of 3 nodes", "all", s.atSeconds(), worst,
                "recovery = worst of the three (stop of a node until progress on every partition); "
                        + String.join("; ", steps) + "; whole roll " + ChaosRunner.ms(s.atNanos()) + " ms"));
    }

    private void belowMinIsr(final ChaosRunner.Step s) throws InterruptedException {
        final int first = cluster.leaderOf(busiestInput(s));
        final int second = first > 0 ? first % EmbeddedKafkaCluster.SIZE + 1 : 2;
        final int firstNode = first > 0 ? first : 1;
        final Map<String, Long> marks = new LinkedHashMap<>();
        s.session().alive().forEach(n -> marks.put(n, s.session().instances().get(n).logMark()));
        cluster.node(firstNode).kill();
        cluster.node(second).kill();
        final Set<String> readiness = new LinkedHashSet<>();
        long committedDuringOutage = -1;
        final Map<TopicPartition, Long> downAt = s.offsets().ends(List.of(s.session().output()), IsolationLevel.READ_COMMITTED);
        while (ChaosRunner.ms(s.atNanos()) < belowMinIsrMs) {
            // "for 17 s" and "for 18 s" are one answer, so the report lists each kind once.
            probeReady(s).forEach(r -> readiness.add(r.replaceAll("\\d+ s\\b", "N s")));
            Thread.sleep(1_000);
        }
        final Map<TopicPartition, Long> upAt = s.offsets().ends(List.of(s.session().output()), IsolationLevel.READ_COMMITTED);
        if (downAt != null && upAt != null) {
            committedDuringOutage = upAt.entrySet().stream().mapToLong(e -> e.getValue() - downAt.getOrDefault(e.getKey(), 0L))
                    .sum();
        }
        final long restartAt = System.nanoTime();
        cluster.node(firstNode).restart();
        cluster.node(second).restart();
        final long ready = ChaosRunner.ms(restartAt);
        final long recovery = s.awaitRecovery();
        int replacements = 0;
        for (final Map.Entry<String, Long> e : marks.entrySet()) {
            final ScorerProcess p = s.session().instances().get(e.getKey());
            final int used = p.countLines(REPLACED, e.getValue());
            replacements = Math.max(replacements, used);
            if (used >= replacementsMax) {
                s.run().note("PROBLEM: " + p.name() + " used " + used + " of " + replacementsMax
                        + " thread replacements while below min ISR");
            }
            if (!p.isAlive()) {
                s.run().note("PROBLEM: " + p.name() + " exited while the cluster was below min ISR");
            }
        }
        s.run().figure("below min ISR: /health/ready answers", String.join(" | ", readiness));
        if (!s.session().httpPorts().isEmpty() && readiness.stream().noneMatch(r -> r.startsWith("503") && r.contains("stalled"))) {
            s.run().note("PROBLEM: /health/ready never said the instance was stalled while below min ISR: " + readiness);
        }
        s.run().figure("below min ISR: most thread replacements used by one instance", replacements + " of "
                + replacementsMax);
        s.run().fault(new ChaosReport.Fault("2 of 3 nodes kill -9 (below min ISR, no controller quorum)",
                "node-" + firstNode + ",node-" + second, s.atSeconds(), recovery, "down " + belowMinIsrMs
                        + " ms; records committed to output while down: "
                        + (committedDuringOutage < 0 ? "unknown (no answer to Admin calls)" : committedDuringOutage)
                        + "; both nodes ready " + ready + " ms after restart; resumed "
                        + (recovery < 0 ? "never" : (recovery - belowMinIsrMs - ready) + " ms after they were ready")
                        + "; thread replacements used (max per instance): " + replacements + "; /health/ready: "
                        + String.join(" | ", readiness)));
    }

    private void freeze(final ChaosRunner.Step s) throws InterruptedException {
        final int node = cluster.leaderOf(busiestInput(s));
        if (node < 0) {
            s.run().note("PROBLEM: no leader for the busiest input partition before the freeze");
            return;
        }
        cluster.freeze(node);
        long recovery;
        try {
            recovery = s.offsets().awaitProgress(s.baseline(), s.atNanos(), Duration.ofMillis(freezeMs));
            Thread.sleep(Math.max(0, freezeMs - ChaosRunner.ms(s.atNanos())));
        } finally {
            cluster.unfreeze(node);
        }
        if (recovery < 0) {
            recovery = s.awaitRecovery();
        }
        final long resumed = System.nanoTime();
        final boolean inSync = cluster.awaitFullyReplicated(REPLICATION_TIMEOUT);
        s.run().fault(new ChaosReport.Fault("SIGSTOP " + freezeMs + " ms (broker.session.timeout.ms "
                + BROKER_SESSION_MS + ") + SIGCONT", "node-" + node, s.atSeconds(), recovery,
                "leader of the busiest input partition frozen; " + (inSync ? "back in sync " + ChaosRunner.ms(resumed)
                        + " ms after SIGCONT" : "NOT back in sync")));
    }

    /** The input partition with the highest end offset. */
    private static TopicPartition busiestInput(final ChaosRunner.Step s) {
        final Map<TopicPartition, Long> ends = s.offsets().ends(List.of(s.session().input()), IsolationLevel.READ_UNCOMMITTED);
        if (ends == null || ends.isEmpty()) {
            return new TopicPartition(s.session().input(), 0);
        }
        return ends.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static int groupCoordinator(final ChaosRunner.Step s, final String group) {
        try {
            return s.offsets().admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(5, TimeUnit.SECONDS).coordinator().id();
        } catch (final Exception e) {
            return -1;
        }
    }

    /** One GET /health/ready per instance with an HTTP port: "instance-x 503 not ready: ...". */
    private List<String> probeReady(final ChaosRunner.Step s) throws InterruptedException {
        final List<String> answers = new ArrayList<>();
        for (final String name : s.session().alive()) {
            final Integer port = s.session().httpPorts().get(name);
            if (port == null) {
                continue;
            }
            final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            try {
                final HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                answers.add(r.statusCode() + " " + r.body().strip());
            } catch (final IOException e) {
                answers.add("no answer (" + e.getClass().getSimpleName() + ")");
            }
        }
        return answers;
    }
}
