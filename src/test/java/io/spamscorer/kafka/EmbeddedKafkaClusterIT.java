package io.spamscorer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three-node cluster: production replication settings, a partition that fails over when its leader is killed
 * and gets its replica back after a restart, a transaction coordinator that can be found, and a frozen node that is
 * fenced and rejoins. Prints start-up time and resident memory per node (reported, never asserted).
 */
class EmbeddedKafkaClusterIT {

    private static final String TOPIC = "cluster.it";
    private static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        final long t0 = System.nanoTime();
        cluster = EmbeddedKafkaCluster.builder().start();
        System.out.printf("cluster of 3 ready in %d ms at %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                cluster.bootstrapServers());
        cluster.createTopics(Map.of(TOPIC, 3));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.nodeIds().forEach(id -> System.out.printf("node %d RSS %d MiB%n", id, cluster.residentKiB(id) / 1024));
            cluster.close();
        }
    }

    @Test
    void shouldReplicateTopicsAndTheTransactionLogThreeWaysWithMinIsrTwo() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-rf"))) {
            producer.initTransactions(); // creates the transaction state log
        }
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            final Map<String, TopicDescription> topics = admin.describeTopics(List.of(TOPIC, "__transaction_state"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            topics.values().forEach(d -> d.partitions().forEach(p ->
                    assertEquals(3, p.replicas().size(), d.name() + "-" + p.partition() + " replicas")));
            for (final String topic : List.of(TOPIC, "__transaction_state")) {
                final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                final Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                assertEquals("2", config.get("min.insync.replicas").value(), topic + " min.insync.replicas");
            }
            assertEquals(3, admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).voters().size(),
                    "controller quorum voters");
        }
    }

    @Test
    void shouldFailOverWhenTheLeaderIsKilledAndTakeTheRestartedNodeBack() throws Exception {
        final TopicPartition tp = new TopicPartition(TOPIC, 0);
        final int leader = cluster.leaderOf(tp);
        assertTrue(leader >= 1 && leader <= 3, "leader " + leader);
        cluster.node(leader).kill();
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            // acks=all with min ISR 2 still succeeds on the two survivors.
            producer.send(new ProducerRecord<>(TOPIC, 0, "k", "v")).get(60, TimeUnit.SECONDS);
        }
        final int newLeader = cluster.leaderOf(tp);
        assertNotEquals(leader, newLeader, "leadership should move off the killed node");
        cluster.node(leader).restart();
        assertTrue(cluster.node(leader).isRunning());
        awaitIsr(tp, 3, Duration.ofSeconds(60));
    }

    @Test
    void shouldFindTheTransactionCoordinatorOfATransactionalId() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx-1"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, 1, "k", "v"));
            producer.commitTransaction();
            assertEquals(List.of("it-tx-1"), cluster.transactionalIds("it-tx-1"));
            final int coordinator = cluster.transactionCoordinatorOf("it-tx-1");
            assertTrue(coordinator >= 1 && coordinator <= 3, "coordinator " + coordinator);
        }
    }

    @Test
    void shouldFenceAFrozenNodeAndLetItRejoinAfterSigcont() throws Exception {
        final TopicPartition tp = new TopicPartition(TOPIC, 2);
        final int frozen = cluster.leaderOf(tp);
        cluster.freeze(frozen);
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int leader = frozen;
            while ((leader == frozen || leader < 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                leader = cluster.leaderOf(tp);
            }
            assertNotEquals(frozen, leader, "the frozen leader should be fenced after its session timeout");
        } finally {
            cluster.unfreeze(frozen);
        }
        awaitIsr(tp, 3, Duration.ofSeconds(90));
    }

    private static void awaitIsr(final TopicPartition tp, final int size, final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int isr = 0;
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            while (System.nanoTime() < deadline) {
                isr = admin.describeTopics(List.of(tp.topic())).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(tp.topic()).partitions().get(tp.partition()).isr().size();
                if (isr == size) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        assertEquals(size, isr, tp + " ISR size after " + timeout);
    }

    private static KafkaProducer<String, String> producer(final Map<String, Object> extra) {
        final Map<String, Object> props = new java.util.HashMap<>(cluster.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
