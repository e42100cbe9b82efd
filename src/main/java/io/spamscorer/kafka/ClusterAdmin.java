package io.spamscorer.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin calls on an {@link EmbeddedKafkaCluster}, each on a fresh client bootstrapped from every node, so that any
 * live node can answer while others are down or frozen.
 */
final class ClusterAdmin {

    /** Logs as {@link EmbeddedKafkaCluster}, whose part this was, so log configuration and output stay the same. */
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    ClusterAdmin(final String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void createTopics(final Map<String, Integer> partitionsByTopic) {
        final List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) EmbeddedKafkaCluster.SIZE))
                .toList();
        final Admin admin = admin();
        try {
            admin.createTopics(topics).values().forEach((topic, future) -> {
                try {
                    future.get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                } catch (final TimeoutException | InterruptedException e) {
                    throw new IllegalStateException("cannot create topic " + topic, e);
                }
            });
            TopicMetadata.awaitLeaders(admin, partitionsByTopic.keySet(), TOPIC_READY_TIMEOUT);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    int leaderOf(final TopicPartition partition) {
        final Integer leader = query("describe " + partition.topic(), admin -> {
            final TopicDescription d = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(partition.topic());
            final Node node = d.partitions().get(partition.partition()).leader();
            return node == null || node.isEmpty() ? -1 : node.id();
        });
        return leader == null ? -1 : leader;
    }

    boolean awaitFullyReplicated(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final Boolean replicated = query("describe all topics", admin -> {
                final Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return admin.describeTopics(names).allTopicNames().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.isr().size() == p.replicas().size());
            });
            if (Boolean.TRUE.equals(replicated)) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    List<String> transactionalIds(final String prefix) {
        final List<String> ids = query("list transactions", admin -> admin.listTransactions().all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .map(TransactionListing::transactionalId)
                .filter(id -> id.startsWith(prefix))
                .sorted()
                .toList());
        return ids == null ? List.of() : ids;
    }

    int transactionCoordinatorOf(final String transactionalId) {
        final Integer id = query("describe transaction " + transactionalId, admin ->
                admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).coordinatorId());
        return id == null ? -1 : id;
    }

    /** One bounded Admin call on a fresh client, or null if it failed. */
    private <T> T query(final String what, final AdminCall<T> call) {
        final Admin admin = admin();
        try {
            return call.apply(admin);
        } catch (final ExecutionException | TimeoutException e) {
            LOG.debug("cannot {}: {}", what, e.toString());
            return null;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            // Bounded: an unbounded close waits for calls stuck on a frozen (SIGSTOPped) node.
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** An Admin call that may fail or time out. */
    private interface AdminCall<T> {
        T apply(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;
    }

    private Admin admin() {
        final Map<String, Object> props = new LinkedHashMap<>(ClientProperties.plaintext(bootstrapServers));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(props);
    }
}
