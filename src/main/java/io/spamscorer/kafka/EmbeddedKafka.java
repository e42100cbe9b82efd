package io.spamscorer.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
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

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    /** The SCRAM mechanism of {@link Builder#scramUser} users. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** PLAINTEXT and CONTROLLER connections authenticate as this principal; under an authorizer it is a super user. */
    private static final String ANONYMOUS = "User:ANONYMOUS";
    private static final int SCRAM_ITERATIONS = 4096;
    private static final int SINGLE_NODE_ID = 1;
    private static final int INTERNAL_TOPIC_PARTITIONS = 4;
    private static final int LOG_TAIL_LINES = 40;
    private static final long LOG_TAIL_BYTES = 64 * 1024;
    private static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FORCED_STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> CHILD_JVM_OPTIONS = List.of(
            // A fixed heap with a 192 MiB young generation. From -Xms64m, Serial GC kept the heap near 130 MiB and its
            // young generation near 50 MiB; under a steady 20,000 records/s the broker then paused 10-20 ms about
            // once a second, and those pauses set the scorer's p99 in bench's latency run.
            "-Xms512m",
            "-Xmx512m",
            "-Xmn192m",
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");
    private static final String LOGBACK_CONFIG = """
            <configuration>
              <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder>
                  <pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern>
                </encoder>
              </appender>
              <logger name="kafka" level="INFO"/>
              <logger name="org.apache.kafka" level="INFO"/>
              <logger name="org.apache.kafka.common.config" level="WARN"/>
              <logger name="kafka.server.KafkaConfig" level="WARN"/>
              <logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
              <root level="INFO">
                <appender-ref ref="STDOUT"/>
              </root>
            </configuration>
            """;

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final Map<String, String> saslUsers;
    private final Map<String, String> scramUsers;
    private final List<String> superUsers;
    private final SslKeyStore sslKeyStore;
    private final int sslPort;
    private final Map<String, String> extraProperties;
    private final Duration startupTimeout;
    private final int nodeId;
    private final String quorumVoters;
    private final String clusterId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::stopOnJvmExit, "embedded-kafka-shutdown");

    private volatile Process process;
    private volatile OutputStream parentPipe;

    private EmbeddedKafka(final Builder builder) {
        this.ownsDataDir = builder.dataDir == null;
        this.dataDir = ownsDataDir ? createTempDir() : builder.dataDir.toAbsolutePath();
        this.port = builder.port == 0 ? freePort(List.of()) : builder.port;
        this.controllerPort = builder.controllerPort == 0 ? freePort(List.of(port)) : builder.controllerPort;
        this.nodeId = builder.nodeId;
        this.quorumVoters = builder.quorumVoters;
        this.clusterId = builder.clusterId == null ? Uuid.randomUuid().toString() : builder.clusterId;
        this.saslUsers = Map.copyOf(builder.saslUsers);
        this.scramUsers = Map.copyOf(builder.scramUsers);
        this.superUsers = builder.superUsers == null ? null : List.copyOf(builder.superUsers);
        this.saslPort = saslUsers.isEmpty() && scramUsers.isEmpty() ? -1 : freePort(List.of(port, controllerPort));
        this.sslKeyStore = builder.sslKeyStore;
        this.sslPort = sslKeyStore == null ? -1 : freePort(List.of(port, controllerPort, saslPort));
        this.extraProperties = Map.copyOf(builder.extraProperties);
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
            throw new IllegalStateException("broker already running, pid " + process.pid());
        }
        final long startedAt = System.nanoTime();
        // Readiness is a successful connect, which any other listener on the port would also give.
        requirePortFree(port);
        writeConfigFiles();
        launchChild();
        awaitReady(startedAt + startupTimeout.toNanos());
        upsertScramUsers(startedAt + startupTimeout.toNanos());
        LOG.info("Kafka broker ready at {} in {} ms (pid {}, log {})",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
                process.pid(), logFile());
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
            stopChild();
        }
        return start();
    }

    /**
     * Stops the broker gracefully (SIGTERM: a controlled shutdown that moves its leaderships away first, then
     * SIGKILL after 10 s) and keeps ports and data for {@link #restart()}; unlike {@link #close()} it may be started
     * again.
     */
    public synchronized void stop() {
        final Process child = process;
        stopChild();
        if (child != null) {
            LOG.info("Kafka broker stopped (pid {}, exit {})", child.pid(), child.isAlive() ? "?" : child.exitValue());
        }
    }

    /** @return this node's KRaft {@code node.id} (1 unless configured with {@link Builder#quorumMember}) */
    public int nodeId() {
        return nodeId;
    }

    /** Kills the broker process with SIGKILL and waits for it to die, for chaos tests. */
    public synchronized void kill() {
        final Process child = process;
        if (child == null) {
            return;
        }
        child.destroyForcibly();
        awaitExit(child, FORCED_STOP_TIMEOUT);
        closeParentPipe();
        LOG.info("Kafka broker killed (pid {})", child.pid());
    }

    /** @return the PLAINTEXT bootstrap address, {@code 127.0.0.1:PORT} */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /**
     * @return the SASL_PLAINTEXT bootstrap address (PLAIN, and SCRAM-SHA-512 for {@link Builder#scramUser} users), {@code 127.0.0.1:PORT}
     * @throws IllegalStateException if no SASL users were configured
     */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("SASL listener not enabled; configure Builder.saslPlainUser or Builder.scramUser");
        }
        return LOOPBACK + ":" + saslPort;
    }

    /**
     * @return the SSL bootstrap address, {@code 127.0.0.1:PORT}
     * @throws IllegalStateException if no SSL key store was configured
     */
    public String sslBootstrapServers() {
        if (sslPort < 0) {
            throw new IllegalStateException("SSL listener not enabled; configure Builder.sslListener");
        }
        return LOOPBACK + ":" + sslPort;
    }

    /** @return client properties for the PLAINTEXT listener (only {@code bootstrap.servers}) */
    public Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * @return client properties for the SASL_PLAINTEXT listener authenticating with PLAIN as the
     *     given user (the credentials are not checked here, so wrong ones can be tested)
     */
    public Map<String, Object> saslClientProperties(final String username, final String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, saslBootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SASL_LISTENER,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, plainLoginModule(
                        "username=" + jaasQuote(username) + " password=" + jaasQuote(password)));
    }

    /**
     * @return client properties for the SASL_PLAINTEXT listener authenticating with {@value #SCRAM_MECHANISM} as
     *     the given user (the credentials are not checked here, so wrong ones can be tested)
     */
    public Map<String, Object> scramClientProperties(final String username, final String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, saslBootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SASL_LISTENER,
                SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, scramLoginModule(username, password));
    }

    /** @return the JAAS line a client logs in with as this {@value #SCRAM_MECHANISM} user */
    public static String scramLoginModule(final String username, final String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + jaasQuote(username)
                + " password=" + jaasQuote(password) + ";";
    }

    /**
     * Creates topics with replication factor 1 and waits until the broker's metadata has every partition with a
     * leader, so a client may use them at once. Topics that already exist are left as they are.
     *
     * @param partitionsByTopic number of partitions for each topic name
     */
    public void createTopics(final Map<String, Integer> partitionsByTopic) {
        final List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                .collect(Collectors.toList());
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(topics).values().forEach(EmbeddedKafka::awaitTopicCreated);
            TopicMetadata.awaitLeaders(admin, partitionsByTopic.keySet(), TOPIC_READY_TIMEOUT);
        }
    }

    /** @return the broker's process id */
    public long pid() {
        final Process child = process;
        if (child == null) {
            throw new IllegalStateException("broker not started");
        }
        return child.pid();
    }

    /** @return whether the broker process is alive */
    public boolean isRunning() {
        final Process child = process;
        return child != null && child.isAlive();
    }

    /** @return the data directory holding the Kafka log, config files and {@code broker.log} */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the broker's log file */
    public Path logFile() {
        return dataDir.resolve(LOG_FILE_NAME);
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
        stopChild();
        deleteOwnedDataDir();
        removeShutdownHook();
    }

    private void stopOnJvmExit() {
        if (closed.compareAndSet(false, true)) {
            stopChild();
            deleteOwnedDataDir();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("EmbeddedKafka is closed");
        }
    }

    // ---------------------------------------------------------------- configuration

    private void writeConfigFiles() {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(logbackConfigFile(), LOGBACK_CONFIG, StandardCharsets.UTF_8);
            try (Writer out = Files.newBufferedWriter(serverPropertiesFile(), StandardCharsets.UTF_8)) {
                brokerProperties().store(out, "Generated by " + EmbeddedKafka.class.getName());
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write broker configuration to " + dataDir, e);
        }
    }

    private Properties brokerProperties() {
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
            props.put("controller.quorum.bootstrap.servers", LOOPBACK + ":" + controllerPort);
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
        listeners.add("PLAINTEXT://" + LOOPBACK + ":" + port);
        if (saslPort > 0) {
            listeners.add(SASL_LISTENER + "://" + LOOPBACK + ":" + saslPort);
        }
        if (sslPort > 0) {
            listeners.add("SSL://" + LOOPBACK + ":" + sslPort);
        }
        final String advertised = String.join(",", listeners);
        listeners.add("CONTROLLER://" + LOOPBACK + ":" + controllerPort);
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
                    .map(e -> "user_" + e.getKey() + "=" + jaasQuote(e.getValue()))
                    .collect(Collectors.joining(" "));
            mechanisms.add("PLAIN");
            props.put(prefix + "plain.sasl.jaas.config", plainLoginModule(users));
        }
        if (!scramUsers.isEmpty()) {
            // The credentials themselves live in the cluster metadata (upsertScramUsers), not in the broker config.
            mechanisms.add(SCRAM_MECHANISM);
            props.put(prefix + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
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

    /**
     * Stores the SCRAM credentials of the {@link Builder#scramUser} users in the cluster metadata (again after a
     * restart, which only renews the salt), then waits until the broker serves them, so a client may log in at once.
     */
    private void upsertScramUsers(final long deadlineNanos) {
        if (scramUsers.isEmpty()) {
            return;
        }
        final ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS);
        final List<UserScramCredentialAlteration> upserts = scramUsers.entrySet().stream()
                .<UserScramCredentialAlteration>map(e -> new UserScramCredentialUpsertion(e.getKey(), info, e.getValue()))
                .collect(Collectors.toList());
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(upserts).all().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            while (!admin.describeUserScramCredentials(List.copyOf(scramUsers.keySet())).all()
                    .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                    .map(UserScramCredentialsDescription::credentialInfos)
                    .allMatch(infos -> infos.stream().anyMatch(i -> i.mechanism() == ScramMechanism.SCRAM_SHA_512))) {
                checkStillStarting(deadlineNanos);
                sleep(POLL_INTERVAL);
            }
        } catch (final ExecutionException | TimeoutException e) {
            stopChild();
            throw startupFailure("cannot store the SCRAM users " + scramUsers.keySet() + ": " + e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing SCRAM users", e);
        }
    }

    private static String plainLoginModule(final String options) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required " + options + ";";
    }

    private static String jaasQuote(final String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private Path serverPropertiesFile() {
        return dataDir.resolve("server.properties");
    }

    private Path logbackConfigFile() {
        return dataDir.resolve("logback-broker.xml");
    }

    // ---------------------------------------------------------------- child process

    private void launchChild() {
        final ProcessBuilder builder = new ProcessBuilder(childCommand())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            final Process child = builder.start();
            process = child;
            parentPipe = child.getOutputStream();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start broker JVM " + builder.command(), e);
        }
        LOG.debug("Started broker JVM pid {}: {} {} {}", process.pid(), builder.command().get(0),
                CHILD_JVM_OPTIONS, BrokerMain.class.getName());
    }

    private List<String> childCommand() {
        final List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(CHILD_JVM_OPTIONS);
        command.add("-Dlogback.configurationFile=" + logbackConfigFile());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.add(serverPropertiesFile().toString());
        command.add(clusterId);
        return command;
    }

    private static String javaBinary() {
        final Path fromJavaHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromJavaHome)) {
            return fromJavaHome.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void stopChild() {
        final Process child = process;
        if (child == null) {
            return;
        }
        if (child.isAlive()) {
            child.destroy();
            if (!awaitExit(child, GRACEFUL_STOP_TIMEOUT)) {
                LOG.warn("Kafka broker pid {} did not stop within {}; killing it", child.pid(), GRACEFUL_STOP_TIMEOUT);
                child.destroyForcibly();
                awaitExit(child, FORCED_STOP_TIMEOUT);
            }
        }
        closeParentPipe();
    }

    private static boolean awaitExit(final Process child, final Duration timeout) {
        try {
            return child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return !child.isAlive();
        }
    }

    private void closeParentPipe() {
        final OutputStream pipe = parentPipe;
        parentPipe = null;
        if (pipe != null) {
            try {
                pipe.close();
            } catch (final IOException e) {
                LOG.debug("Closing the broker's stdin pipe failed", e);
            }
        }
    }

    // ---------------------------------------------------------------- readiness

    private void awaitReady(final long deadlineNanos) {
        awaitPortOpen(deadlineNanos);
        try (Admin admin = Admin.create(adminProperties())) {
            while (!brokerRegistered(admin, nodeId)) {
                checkStillStarting(deadlineNanos);
                sleep(POLL_INTERVAL);
            }
        }
    }

    private void awaitPortOpen(final long deadlineNanos) {
        while (!portAccepts()) {
            checkStillStarting(deadlineNanos);
            sleep(POLL_INTERVAL);
        }
    }

    private boolean portAccepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), (int) POLL_INTERVAL.toMillis());
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /** Fenced brokers are not listed by describeCluster, so being listed means this node is ready. */
    private static boolean brokerRegistered(final Admin admin, final int nodeId) {
        try {
            return admin.describeCluster().nodes()
                    .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .anyMatch(node -> node.id() == nodeId);
        } catch (final ExecutionException | TimeoutException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private void checkStillStarting(final long deadlineNanos) {
        final Process child = process;
        if (!child.isAlive()) {
            closeParentPipe();
            throw startupFailure("Kafka broker exited with status " + child.exitValue() + " during startup");
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            stopChild();
            throw startupFailure("Kafka broker not ready within " + startupTimeout);
        }
    }

    private IllegalStateException startupFailure(final String reason) {
        return new IllegalStateException(reason + "; last lines of " + logFile() + ":\n" + logTail());
    }

    private Map<String, Object> adminProperties() {
        final Map<String, Object> props = new LinkedHashMap<>(clientProperties());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return props;
    }

    private static void awaitTopicCreated(final String topic, final KafkaFuture<Void> future) {
        try {
            future.get();
        } catch (final ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e.getCause());
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    /** @return the last {@value #LOG_TAIL_LINES} lines of {@code broker.log}, or a note why not */
    String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile().toFile(), "r")) {
            final long start = Math.max(0, file.length() - LOG_TAIL_BYTES);
            final byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            final List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (final IOException e) {
            return "(cannot read " + logFile() + ": " + e + ")";
        }
    }

    // ---------------------------------------------------------------- housekeeping

    private void deleteOwnedDataDir() {
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(final Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedKafka::deleteQuietly);
        } catch (final IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {}: {}", root, e.toString());
        }
    }

    private static void deleteQuietly(final Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            LOG.debug("Cannot delete {}", path, e);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException e) {
            // The JVM is already shutting down; the hook is running or will find us closed.
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("embedded-kafka-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    /** Picks a free loopback port, different from the ports already taken by this broker. */
    private static void requirePortFree(final int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a connection of our own previous run in TIME_WAIT does not hold the port
            probe.bind(new InetSocketAddress(LOOPBACK, port), 1);
        } catch (final IOException e) {
            throw new PortInUseException(port, e);
        }
    }

    /** The broker's port is taken by another process, so the broker cannot listen on it. */
    public static final class PortInUseException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        PortInUseException(final int port, final Throwable cause) {
            super("port " + port + " is in use", cause);
        }
    }

    private static int freePort(final List<Integer> taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                final int candidate = socket.getLocalPort();
                if (!taken.contains(candidate)) {
                    return candidate;
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot find a free loopback port", e);
            }
        }
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
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
        private SslKeyStore sslKeyStore;
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
            this.sslKeyStore = new SslKeyStore(Objects.requireNonNull(pkcs12KeyStore, "pkcs12KeyStore"),
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

    /** The broker's PKCS12 key store for the SSL listener. */
    private record SslKeyStore(Path location, String password) {
    }
}
