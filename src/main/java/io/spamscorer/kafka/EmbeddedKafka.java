package io.spamscorer.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker and controller in one
 * process), running in a child JVM started from the current {@code java} binary and class path.
 *
 * <p>{@link #start()} writes {@code server.properties} and a Logback configuration into the data
 * directory, launches {@link BrokerMain} (which formats storage on first start) and blocks until an
 * {@link Admin} client sees the broker as an unfenced cluster member. The child's standard output
 * and error — that is, all broker logging — are appended to {@code broker.log} in the data
 * directory; nothing goes to the parent's console. The child's standard input is a pipe held open
 * by this object: if the parent JVM dies, even by {@code kill -9}, the child halts itself.
 *
 * <p>The broker is configured for exactly-once processing on one node (all internal topics with
 * replication factor 1 and min ISR 1), with {@code auto.create.topics.enable=false}, small log
 * segments and a 512 MiB heap. Listeners bind to 127.0.0.1 only: PLAINTEXT on {@link
 * #bootstrapServers()}, an optional SASL_PLAINTEXT/PLAIN listener on {@link
 * #saslBootstrapServers()} (which also takes SCRAM-SHA-512 for {@link Builder#scramUser} users), and the
 * internal CONTROLLER listener. {@link Builder#authorizer} turns on {@code StandardAuthorizer} with no access
 * without an ACL; the PLAINTEXT and CONTROLLER listeners stay the harness's super-user door. Ports are chosen once and kept, so
 * {@link #restart()} after {@link #kill()} comes back on the same addresses with the same data.
 *
 * <p>{@link Builder#quorumMember} makes it one node of a static multi-node quorum instead, with the
 * replication settings given as broker properties: {@link EmbeddedKafkaCluster} builds three such nodes.
 *
 * <p>{@link #close()} stops the broker gracefully (SIGTERM, then SIGKILL after 10 s) and deletes the
 * data directory if this object created it. A JVM shutdown hook does the same on Ctrl-C.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The broker's log file name inside the data directory. */
    public static final String LOG_FILE_NAME = "broker.log";
    /** The SCRAM mechanism of {@link Builder#scramUser} users. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int SINGLE_NODE_ID = 1;

    private final BrokerDataDir dataDir;
    private final BrokerConfig config;
    private final BrokerProcess child;
    private final Duration startupTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::stopOnJvmExit, "embedded-kafka-shutdown");

    private EmbeddedKafka(final Builder builder) {
        this.dataDir = BrokerDataDir.of(builder.dataDir);
        final int port = builder.port == 0 ? LoopbackPorts.freePort(List.of()) : builder.port;
        final int controllerPort = builder.controllerPort == 0
                ? LoopbackPorts.freePort(List.of(port)) : builder.controllerPort;
        final String clusterId = builder.clusterId == null ? Uuid.randomUuid().toString() : builder.clusterId;
        final int saslPort = builder.saslUsers.isEmpty() && builder.scramUsers.isEmpty()
                ? -1 : LoopbackPorts.freePort(List.of(port, controllerPort));
        final int sslPort = builder.sslKeyStore == null
                ? -1 : LoopbackPorts.freePort(List.of(port, controllerPort, saslPort));
        this.config = new BrokerConfig(dataDir.path(), builder.nodeId, port, controllerPort, saslPort, sslPort,
                builder.quorumVoters, builder.saslUsers, builder.scramUsers, builder.superUsers, builder.sslKeyStore,
                builder.extraProperties);
        this.child = new BrokerProcess(dataDir, clusterId, builder.quorumVoters != null);
        this.startupTimeout = builder.startupTimeout;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** @return a builder with the defaults described in {@link EmbeddedKafka} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and blocks until it serves requests.
     *
     * @return this broker, for chaining
     * @throws IllegalStateException if the broker does not become ready within the startup timeout;
     *     the message contains the tail of {@code broker.log}
     */
    public synchronized EmbeddedKafka start() {
        ensureOpen();
        if (isRunning()) {
            throw new IllegalStateException("broker already running, pid " + child.pid());
        }
        final long startedAt = System.nanoTime();
        // Readiness is a successful connect, which any other listener on the port would also give.
        LoopbackPorts.requireFree(config.port());
        dataDir.writeConfigFiles(config.toProperties());
        child.launch();
        final BrokerStartup startup = new BrokerStartup(child, dataDir, startupTimeout, startedAt);
        startup.awaitReady(config.port(), config.nodeId());
        startup.upsertScramUsers(config.port(), config.scramUsers());
        LOG.info("Kafka broker ready at {} in {} ms (pid {}, log {})",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
                child.pid(), logFile());
        return this;
    }

    /**
     * Starts the broker again on the same ports and data directory, after {@link #kill()} or a
     * crash. Storage that is already formatted is not reformatted, so all data is kept.
     *
     * @return this broker, for chaining
     */
    public synchronized EmbeddedKafka restart() {
        if (isRunning()) {
            child.stop();
        }
        return start();
    }

    /**
     * Stops the broker gracefully (SIGTERM: a controlled shutdown that moves its leaderships away first, then
     * SIGKILL after 10 s) and keeps ports and data for {@link #restart()}; unlike {@link #close()} it may be started
     * again.
     */
    public synchronized void stop() {
        final Process stopped = child.current();
        child.stop();
        if (stopped != null) {
            LOG.info("Kafka broker stopped (pid {}, exit {})", stopped.pid(),
                    stopped.isAlive() ? "?" : stopped.exitValue());
        }
    }

    /** @return this node's KRaft {@code node.id} (1 unless configured with {@link Builder#quorumMember}) */
    public int nodeId() {
        return config.nodeId();
    }

    /** Kills the broker process with SIGKILL and waits for it to die, for chaos tests. */
    public synchronized void kill() {
        child.kill();
    }

    /** @return the PLAINTEXT bootstrap address, {@code 127.0.0.1:PORT} */
    public String bootstrapServers() {
        return LoopbackPorts.address(config.port());
    }

    /**
     * @return the SASL_PLAINTEXT bootstrap address (PLAIN, and SCRAM-SHA-512 for {@link Builder#scramUser} users), {@code 127.0.0.1:PORT}
     * @throws IllegalStateException if no SASL users were configured
     */
    public String saslBootstrapServers() {
        if (config.saslPort() < 0) {
            throw new IllegalStateException("SASL listener not enabled; configure Builder.saslPlainUser or Builder.scramUser");
        }
        return LoopbackPorts.address(config.saslPort());
    }

    /**
     * @return the SSL bootstrap address, {@code 127.0.0.1:PORT}
     * @throws IllegalStateException if no SSL key store was configured
     */
    public String sslBootstrapServers() {
        if (config.sslPort() < 0) {
            throw new IllegalStateException("SSL listener not enabled; configure Builder.sslListener");
        }
        return LoopbackPorts.address(config.sslPort());
    }

    /** @return client properties for the PLAINTEXT listener (only {@code bootstrap.servers}) */
    public Map<String, Object> clientProperties() {
        return ClientProperties.plaintext(bootstrapServers());
    }

    /**
     * @return client properties for the SASL_PLAINTEXT listener authenticating with PLAIN as the
     *     given user (the credentials are not checked here, so wrong ones can be tested)
     */
    public Map<String, Object> saslClientProperties(final String username, final String password) {
        return ClientProperties.saslPlain(saslBootstrapServers(), username, password);
    }

    /**
     * @return client properties for the SASL_PLAINTEXT listener authenticating with {@value #SCRAM_MECHANISM} as
     *     the given user (the credentials are not checked here, so wrong ones can be tested)
     */
    public Map<String, Object> scramClientProperties(final String username, final String password) {
        return ClientProperties.scram(saslBootstrapServers(), username, password);
    }

    /** @return the JAAS line a client logs in with as this {@value #SCRAM_MECHANISM} user */
    public static String scramLoginModule(final String username, final String password) {
        return Jaas.scramLoginModule(username, password);
    }

    /**
     * Creates topics with replication factor 1 and waits until the broker's metadata has every partition with a
     * leader, so a client may use them at once. Topics that already exist are left as they are.
     *
     * @param partitionsByTopic number of partitions for each topic name
     */
    public void createTopics(final Map<String, Integer> partitionsByTopic) {
        BrokerTopics.create(bootstrapServers(), partitionsByTopic);
    }

    /** @return the broker's process id */
    public long pid() {
        return child.pid();
    }

    /** @return whether the broker process is alive */
    public boolean isRunning() {
        return child.isRunning();
    }

    /** @return the data directory holding the Kafka log, config files and {@code broker.log} */
    public Path dataDir() {
        return dataDir.path();
    }

    /** @return the broker's log file */
    public Path logFile() {
        return dataDir.logFile();
    }

    /**
     * Stops the broker gracefully (SIGTERM, then SIGKILL after 10 s) and deletes the data directory
     * if it was a temporary one created by this object. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        child.stop();
        dataDir.deleteIfOwned();
        removeShutdownHook();
    }

    private void stopOnJvmExit() {
        if (closed.compareAndSet(false, true)) {
            child.stop();
            dataDir.deleteIfOwned();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("EmbeddedKafka is closed");
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException e) {
            // The JVM is already shutting down; the hook is running or will find us closed.
        }
    }

    /** The broker's port is taken by another process, so the broker cannot listen on it. */
    public static final class PortInUseException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        PortInUseException(final int port, final Throwable cause) {
            super("port " + port + " is in use", cause);
        }
    }

    /** Options for an {@link EmbeddedKafka}; every option has a working default. */
    public static final class Builder {

        private Path dataDir;
        private int port;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private final Map<String, String> saslUsers = new LinkedHashMap<>();
        private final Map<String, String> scramUsers = new LinkedHashMap<>();
        private List<String> superUsers;
        private BrokerConfig.SslKeyStore sslKeyStore;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private int nodeId = SINGLE_NODE_ID;
        private int controllerPort;
        private String quorumVoters;
        private String clusterId;

        private Builder() {
        }

        /**
         * Makes this broker one node of a multi-node KRaft cluster (see {@link EmbeddedKafkaCluster}) rather than a
         * single-node dynamic quorum: its {@code node.id}, its fixed CONTROLLER port, the static {@code
         * controller.quorum.voters} of all nodes ({@code id@host:port,...}) and the cluster id they share.
         */
        public Builder quorumMember(final int id, final int fixedControllerPort, final String voters,
                                    final String sharedClusterId) {
            if (id < 0 || fixedControllerPort <= 0 || fixedControllerPort > 65_535) {
                throw new IllegalArgumentException("bad node id " + id + " or controller port " + fixedControllerPort);
            }
            this.nodeId = id;
            this.controllerPort = fixedControllerPort;
            this.quorumVoters = Objects.requireNonNull(voters, "voters");
            this.clusterId = Objects.requireNonNull(sharedClusterId, "sharedClusterId");
            return this;
        }

        /**
         * Uses a fixed data directory that is kept on close (default: a fresh temporary directory
         * deleted on close). An already formatted directory is reused with its data.
         */
        public Builder dataDir(final Path directory) {
            this.dataDir = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Uses a fixed PLAINTEXT port; 0 (the default) picks a free loopback port. */
        public Builder port(final int fixedPort) {
            if (fixedPort < 0 || fixedPort > 65_535) {
                throw new IllegalArgumentException("port out of range: " + fixedPort);
            }
            this.port = fixedPort;
            return this;
        }

        /** Adds or overrides one broker property (applied last, so it wins over the defaults). */
        public Builder brokerProperty(final String key, final String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds or overrides broker properties (applied last, so they win over the defaults). */
        public Builder brokerProperties(final Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /**
         * Enables a SASL_PLAINTEXT listener (mechanism PLAIN) on its own free port and lets this
         * user authenticate on it. Call once per user.
         */
        public Builder saslPlainUser(final String username, final String password) {
            saslUsers.put(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /** Enables an SSL listener on its own free port, serving the key pair in this PKCS12 key store. */
        public Builder sslListener(final Path pkcs12KeyStore, final String password) {
            this.sslKeyStore = new BrokerConfig.SslKeyStore(Objects.requireNonNull(pkcs12KeyStore, "pkcs12KeyStore"),
                    Objects.requireNonNull(password, "password"));
            return this;
        }

        /** Enables the SASL_PLAINTEXT/PLAIN listener for all these username/password pairs. */
        public Builder saslPlainUsers(final Map<String, String> usersToPasswords) {
            usersToPasswords.forEach(this::saslPlainUser);
            return this;
        }

        /**
         * Lets this user log in with {@value EmbeddedKafka#SCRAM_MECHANISM} on the SASL_PLAINTEXT listener (enabled
         * on its own free port); the credential is stored in the cluster metadata once the broker is up. Call once
         * per user.
         */
        public Builder scramUser(final String username, final String password) {
            scramUsers.put(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * Turns on {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}: a principal may do
         * only what an ACL allows. Super users are User:ANONYMOUS (the PLAINTEXT and CONTROLLER listeners, which the
         * broker itself and {@link EmbeddedKafka#createTopics} use) and {@code principals}, e.g. {@code "User:admin"}.
         */
        public Builder authorizer(final String... principals) {
            this.superUsers = List.of(principals);
            return this;
        }

        /** How long {@link EmbeddedKafka#start()} waits for the broker (default 60 s). */
        public Builder startupTimeout(final Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive: " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** @return a configured but not yet started broker; call {@link EmbeddedKafka#start()} */
        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }

        /** Builds and starts the broker, blocking until it is ready. */
        public EmbeddedKafka start() {
            final EmbeddedKafka kafka = build();
            try {
                return kafka.start();
            } catch (final RuntimeException e) {
                kafka.close();
                throw e;
            }
        }
    }
}
