package io.spamscorer.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Everything that goes into one broker's {@code server.properties}, with its ports already chosen.
 *
 * @param saslPort the SASL_PLAINTEXT port, or -1 without SASL users
 * @param sslPort the SSL port, or -1 without a key store
 * @param quorumVoters the static quorum of a cluster node, or null for a single-node dynamic quorum
 * @param superUsers the principals besides User:ANONYMOUS, or null for no authorizer
 * @param sslKeyStore the SSL listener's key store, or null for no SSL listener
 * @param extraProperties applied last, so they win over the defaults
 */
record BrokerConfig(
        Path dataDir,
        int nodeId,
        int port,
        int controllerPort,
        int saslPort,
        int sslPort,
        String quorumVoters,
        Map<String, String> saslUsers,
        Map<String, String> scramUsers,
        List<String> superUsers,
        SslKeyStore sslKeyStore,
        Map<String, String> extraProperties) {

    static final String SASL_LISTENER = "SASL_PLAINTEXT";

    /** PLAINTEXT and CONTROLLER connections authenticate as this principal; under an authorizer it is a super user. */
    private static final String ANONYMOUS = "User:ANONYMOUS";
    private static final int INTERNAL_TOPIC_PARTITIONS = 4;

    BrokerConfig {
        saslUsers = Map.copyOf(saslUsers);
        scramUsers = Map.copyOf(scramUsers);
        superUsers = superUsers == null ? null : List.copyOf(superUsers);
        extraProperties = Map.copyOf(extraProperties);
    }

    /** The broker's PKCS12 key store for the SSL listener. */
    record SslKeyStore(Path location, String password) {
    }

    Properties toProperties() {
        final Properties props = new Properties();
        props.putAll(kraftProperties());
        props.putAll(listenerProperties());
        props.putAll(singleNodeProperties());
        props.putAll(smallFootprintProperties());
        props.putAll(saslProperties());
        props.putAll(authorizerProperties());
        props.putAll(extraProperties);
        return props;
    }

    private Map<String, String> kraftProperties() {
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        if (quorumVoters == null) {
            props.put("controller.quorum.bootstrap.servers", LoopbackPorts.address(controllerPort));
        } else {
            // A static quorum: BrokerMain formats storage without --standalone when this key is set.
            props.put("controller.quorum.voters", quorumVoters);
        }
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", dataDir.resolve("kafka-logs").toString());
        // After a kill the controller refuses the new incarnation until the old session expires
        // (DuplicateBrokerRegistrationException), so a short session makes restart() fast.
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "500");
        return props;
    }

    private Map<String, String> listenerProperties() {
        final List<String> listeners = new ArrayList<>();
        listeners.add("PLAINTEXT://" + LoopbackPorts.address(port));
        if (saslPort > 0) {
            listeners.add(SASL_LISTENER + "://" + LoopbackPorts.address(saslPort));
        }
        if (sslPort > 0) {
            listeners.add("SSL://" + LoopbackPorts.address(sslPort));
        }
        final String advertised = String.join(",", listeners);
        listeners.add("CONTROLLER://" + LoopbackPorts.address(controllerPort));
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("listeners", String.join(",", listeners));
        props.put("advertised.listeners", advertised);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL," + SASL_LISTENER + ":" + SASL_LISTENER);
        if (sslKeyStore != null) {
            props.put("listener.name.ssl.ssl.keystore.location", sslKeyStore.location().toAbsolutePath().toString());
            props.put("listener.name.ssl.ssl.keystore.password", sslKeyStore.password());
            props.put("listener.name.ssl.ssl.key.password", sslKeyStore.password());
            props.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
        }
        return props;
    }

    private static Map<String, String> singleNodeProperties() {
        final String partitions = Integer.toString(INTERNAL_TOPIC_PARTITIONS);
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("auto.create.topics.enable", "false");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", partitions);
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", partitions);
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", partitions);
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    private static Map<String, String> smallFootprintProperties() {
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("num.partitions", "1");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        props.put("log.retention.hours", "24");
        return props;
    }

    private Map<String, String> saslProperties() {
        if (saslPort < 0) {
            return Map.of();
        }
        final List<String> mechanisms = new ArrayList<>();
        final String prefix = "listener.name." + SASL_LISTENER.toLowerCase(Locale.ROOT) + ".";
        final Map<String, String> props = new LinkedHashMap<>();
        if (!saslUsers.isEmpty()) {
            final String users = saslUsers.entrySet().stream()
                    .map(e -> "user_" + e.getKey() + "=" + Jaas.quote(e.getValue()))
                    .collect(Collectors.joining(" "));
            mechanisms.add("PLAIN");
            props.put(prefix + "plain.sasl.jaas.config", Jaas.plainLoginModule(users));
        }
        if (!scramUsers.isEmpty()) {
            // The credentials themselves live in the cluster metadata (BrokerStartup.upsertScramUsers), not in the
            // broker config.
            mechanisms.add(EmbeddedKafka.SCRAM_MECHANISM);
            props.put(prefix + EmbeddedKafka.SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        props.put("sasl.enabled.mechanisms", String.join(",", mechanisms));
        props.put(prefix + "sasl.enabled.mechanisms", String.join(",", mechanisms));
        return props;
    }

    /**
     * StandardAuthorizer, denying what no ACL allows. The broker talks to itself (controller and inter-broker) over
     * PLAINTEXT as User:ANONYMOUS, which must be a super user or the node cannot even register; the same listener
     * is the harness's door for creating topics and ACLs.
     */
    private Map<String, String> authorizerProperties() {
        if (superUsers == null) {
            return Map.of();
        }
        final List<String> supers = new ArrayList<>();
        supers.add(ANONYMOUS);
        supers.addAll(superUsers);
        final Map<String, String> props = new LinkedHashMap<>();
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", String.join(";", supers));
        props.put("allow.everyone.if.no.acl.found", "false");
        return props;
    }
}
