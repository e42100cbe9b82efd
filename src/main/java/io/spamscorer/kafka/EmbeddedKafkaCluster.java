package io.spamscorer.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real three-node Apache Kafka cluster, each node an {@link EmbeddedKafka} child JVM on free loopback ports.
 * Every node runs in KRaft <em>combined</em> mode (broker and controller in one process), and the three controllers
 * form one static quorum ({@code controller.quorum.voters}), so the cluster keeps a metadata leader with one node
 * down, and loses it (no leader elections, no fencing) with two down.
 *
 * <p>Replication is set as in production: topics default to replication factor 3 with {@code min.insync.replicas=2};
 * the transaction state log has replication factor 3 and min ISR 2, the offsets topic replication factor 3. Each
 * node can be killed ({@code kill -9}), stopped gracefully (controlled shutdown), frozen ({@code SIGSTOP}), resumed
 * ({@code SIGCONT}) and restarted on the same ports and data. Node ids are 1, 2 and 3.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** Nodes in the cluster; the controller quorum is all of them. */
    public static final int SIZE = 3;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final Map<Integer, EmbeddedKafka> nodes = new LinkedHashMap<>();
    private final ClusterAdmin admin;

    private EmbeddedKafkaCluster(final Builder builder) {
        final ClusterPorts ports = ClusterPorts.choose(builder.firstPort);
        final String clusterId = Uuid.randomUuid().toString();
        final String voters = ports.voters();
        for (int id = 1; id <= SIZE; id++) {
            final EmbeddedKafka.Builder node = EmbeddedKafka.builder()
                    .port(ports.plaintext(id))
                    .quorumMember(id, ports.controller(id), voters, clusterId)
                    .startupTimeout(builder.startupTimeout)
                    .brokerProperties(replicatedProperties())
                    .brokerProperties(builder.extraProperties);
            if (builder.dataDir != null) {
                node.dataDir(builder.dataDir.resolve("node-" + id));
            }
            nodes.put(id, node.build());
        }
        this.admin = new ClusterAdmin(bootstrapServers());
    }

    /** @return a builder; every option has a working default */
    public static Builder builder() {
        return new Builder();
    }

    /** Production-like replication: RF 3 and min ISR 2 for topics and the transaction log, RF 3 for offsets. */
    static Map<String, String> replicatedProperties() {
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("default.replication.factor", Integer.toString(SIZE));
        props.put("min.insync.replicas", "2");
        props.put("offsets.topic.replication.factor", Integer.toString(SIZE));
        props.put("transaction.state.log.replication.factor", Integer.toString(SIZE));
        props.put("transaction.state.log.min.isr", "2");
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(SIZE));
        props.put("share.coordinator.state.topic.min.isr", "2");
        props.put("unclean.leader.election.enable", "false");
        return props;
    }

    /**
     * Starts the three nodes at once (a static quorum needs two of them to elect a controller) and blocks until every
     * one is an unfenced broker.
     */
    public EmbeddedKafkaCluster start() {
        final long startedAt = System.nanoTime();
        final List<CompletableFuture<EmbeddedKafka>> starting = nodes.values().stream()
                .map(node -> CompletableFuture.supplyAsync(node::start))
                .toList();
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } catch (final CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        LOG.info("Kafka cluster of {} nodes ready at {} in {} ms", SIZE, bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return this;
    }

    /** @return the PLAINTEXT bootstrap list of all three nodes, {@code 127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3} */
    public String bootstrapServers() {
        return nodes.values().stream().map(EmbeddedKafka::bootstrapServers).collect(Collectors.joining(","));
    }

    /** @return client properties for the PLAINTEXT listeners (only {@code bootstrap.servers}) */
    public Map<String, Object> clientProperties() {
        return ClientProperties.plaintext(bootstrapServers());
    }

    /** @return node {@code id} (1..3), for its ports, log, pid, kill, stop and restart */
    public EmbeddedKafka node(final int id) {
        final EmbeddedKafka node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id + "; node ids are 1.." + SIZE);
        }
        return node;
    }

    /** @return the node ids, 1..3 */
    public Collection<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** Freezes node {@code id} with SIGSTOP: a zombie broker that holds its sockets but answers nothing. */
    public void freeze(final int id) {
        signal(id, "STOP");
    }

    /** Resumes a node frozen by {@link #freeze}. */
    public void unfreeze(final int id) {
        signal(id, "CONT");
    }

    private void signal(final int id, final String signal) {
        final long pid = node(id).pid();
        try {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal, e);
        }
        LOG.info("Kafka node {} (pid {}) sent SIG{}", id, pid, signal);
    }

    /** @return resident memory of node {@code id} in KiB, from {@code /proc/<pid>/status}, or -1 if unknown */
    public long residentKiB(final int id) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(node(id).pid()), "status"), StandardCharsets.UTF_8)
                    .stream().filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1);
        } catch (final IOException | IllegalStateException e) {
            return -1;
        }
    }

    /** Creates topics with replication factor 3 (min ISR 2 from the broker default) and waits for their leaders. */
    public void createTopics(final Map<String, Integer> partitionsByTopic) {
        admin.createTopics(partitionsByTopic);
    }

    /**
     * @return the node id leading {@code partition} as the cluster's metadata says, or -1 if it has no leader or
     *     no node answered in time
     */
    public int leaderOf(final TopicPartition partition) {
        return admin.leaderOf(partition);
    }

    /**
     * Waits until every partition of every topic (internal ones included) has its full replica set in sync again,
     * as an operator does between the steps of a rolling restart.
     *
     * @return true if it did within {@code timeout}
     */
    public boolean awaitFullyReplicated(final Duration timeout) throws InterruptedException {
        return admin.awaitFullyReplicated(timeout);
    }

    /** @return the transactional ids known to the cluster that start with {@code prefix} (empty if none answered) */
    public List<String> transactionalIds(final String prefix) {
        return admin.transactionalIds(prefix);
    }

    /** @return the node id hosting the transaction coordinator of {@code transactionalId}, or -1 if unknown */
    public int transactionCoordinatorOf(final String transactionalId) {
        return admin.transactionCoordinatorOf(transactionalId);
    }

    /** Stops every node gracefully and deletes temporary data directories. Idempotent. */
    @Override
    public void close() {
        nodes.values().parallelStream().forEach(EmbeddedKafka::close);
    }

    /** Options for an {@link EmbeddedKafkaCluster}. */
    public static final class Builder {

        private Path dataDir;
        private int firstPort;
        private Duration startupTimeout = Duration.ofSeconds(90);
        private final Map<String, String> extraProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** Keeps the nodes' data in {@code directory}/node-1..3, reused on the next run (default: temporary). */
        public Builder dataDir(final Path directory) {
            this.dataDir = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** PLAINTEXT ports {@code first}, {@code first+1}, {@code first+2}; 0 (the default) picks free ports. */
        public Builder firstPort(final int first) {
            if (first < 0 || first > 65_535 - SIZE + 1) {
                throw new IllegalArgumentException("port out of range: " + first);
            }
            this.firstPort = first;
            return this;
        }

        /** Adds or overrides one property on every node (applied last). */
        public Builder brokerProperty(final String key, final String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long each node may take to become ready (default 90 s). */
        public Builder startupTimeout(final Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** @return a configured, not started cluster */
        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }

        /** Builds and starts the cluster, blocking until all three nodes are ready. */
        public EmbeddedKafkaCluster start() {
            return build().start();
        }
    }
}
