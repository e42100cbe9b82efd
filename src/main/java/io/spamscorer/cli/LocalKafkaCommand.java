package io.spamscorer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.kafka.EmbeddedKafkaCluster;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code local-kafka}: runs a real single-node KRaft Kafka broker (see {@link EmbeddedKafka}) in a
 * child JVM until interrupted, printing its bootstrap address on standard output. Broker logs go to
 * {@code broker.log} in the data directory. With {@code --brokers 3} it runs a three-node cluster instead
 * ({@link EmbeddedKafkaCluster}: combined broker+controller nodes, replication factor 3, min ISR 2).
 */
@Command(
        name = "local-kafka",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a real single-node KRaft Kafka broker (no Docker) until Ctrl-C or SIGTERM.",
            "Prints bootstrap.servers=127.0.0.1:PORT on standard output once the broker is ready.",
            "Broker logs go to broker.log in the data directory.",
            "--brokers 3 runs a three-node cluster (each node broker and controller, replication factor 3,",
            "min.insync.replicas 2) and prints the bootstrap list of all three.",
        })
public final class LocalKafkaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "PLAINTEXT listener port on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Broker data directory, kept on exit and reused with its data on the next run."
                    + " Default: a temporary directory deleted on exit.")
    private Path dataDir;

    @Option(names = "--topics", split = ",", paramLabel = "NAME[:PARTITIONS]",
            description = "Topics to create (replication factor 1, or 3 with --brokers 3; existing ones are kept),"
                    + " e.g. emails.features:4,emails.scored:4. Partitions default to 1.")
    private List<String> topics = new ArrayList<>();

    @Option(names = "--sasl-user", paramLabel = "USER=PASSWORD",
            description = "Also open a SASL_PLAINTEXT listener (mechanism PLAIN) accepting this user; repeatable.")
    private Map<String, String> saslUsers = new LinkedHashMap<>();

    @Option(names = "--brokers", defaultValue = "1", paramLabel = "N",
            description = "1 (default) for one broker, or 3 for a three-node cluster with replication factor 3;"
                    + " with 3, --port P means ports P, P+1 and P+2, and node data goes to DIR/node-1..3.")
    private int brokers;

    static final int MAX_PARTITIONS = 10_000;

    /** Creates the command; picocli injects the options. */
    public LocalKafkaCommand() {
        // Options are injected by picocli.
    }

    @Override
    public Integer call() {
        if (brokers != 1 && brokers != EmbeddedKafkaCluster.SIZE) {
            throw OptionChecks.bad(spec, "--brokers must be 1 or " + EmbeddedKafkaCluster.SIZE + ", got " + brokers);
        }
        OptionChecks.within(spec, "--port", port, 0, brokers == 1 ? 65_535 : 65_535 - EmbeddedKafkaCluster.SIZE + 1);
        if (brokers > 1 && !saslUsers.isEmpty()) {
            throw OptionChecks.bad(spec, "--sasl-user is only available with --brokers 1");
        }
        final Map<String, Integer> partitionsByTopic = parseTopics(topics);
        checkDataDir();
        try {
            if (brokers == 1) {
                try (EmbeddedKafka kafka = configure().start()) {
                    createTopics(kafka::createTopics, partitionsByTopic);
                    printAddresses(kafka);
                    awaitInterrupt();
                }
            } else {
                try (EmbeddedKafkaCluster cluster = configureCluster().start()) {
                    createTopics(cluster::createTopics, partitionsByTopic);
                    printAddresses(cluster);
                    awaitInterrupt();
                }
            }
        } catch (final EmbeddedKafka.PortInUseException e) {
            throw OptionChecks.bad(spec, e.getMessage() + " (--port " + port + ")");
        }
        return 0;
    }

    /** A topic the broker refuses (e.g. over a limit of its own) is the --topics value's fault: one line, exit 2. */
    private void createTopics(final Consumer<Map<String, Integer>> create, final Map<String, Integer> partitionsByTopic) {
        try {
            create.accept(partitionsByTopic);
        } catch (final IllegalStateException e) {
            final Throwable cause = e.getCause();
            throw OptionChecks.bad(spec, "--topics: " + e.getMessage()
                    + (cause == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** The broker writes its configuration and logs there; find out now rather than from the child's failure. */
    private void checkDataDir() {
        if (dataDir == null) {
            return;
        }
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw OptionChecks.bad(spec, "--data-dir " + dataDir + " is not a directory");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (final IOException | SecurityException e) {
            throw OptionChecks.bad(spec, "--data-dir " + dataDir + " cannot be created: " + e);
        }
        if (!Files.isWritable(dataDir)) {
            throw OptionChecks.bad(spec, "--data-dir " + dataDir + " is not writable");
        }
    }

    /** Ctrl-C or SIGTERM runs the broker's JVM shutdown hook, which stops it; until then, wait. */
    private static void awaitInterrupt() {
        try {
            new CountDownLatch(1).await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private EmbeddedKafka.Builder configure() {
        final EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(port).saslPlainUsers(saslUsers);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return builder;
    }

    private EmbeddedKafkaCluster.Builder configureCluster() {
        final EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder().firstPort(port);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return builder;
    }

    private void printAddresses(final EmbeddedKafkaCluster cluster) {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("bootstrap.servers=" + cluster.bootstrapServers());
        for (final int id : cluster.nodeIds()) {
            out.println("broker." + id + ".log=" + cluster.node(id).logFile() + " (pid " + cluster.node(id).pid() + ")");
        }
        out.flush();
    }

    private void printAddresses(final EmbeddedKafka kafka) {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("bootstrap.servers=" + kafka.bootstrapServers());
        if (!saslUsers.isEmpty()) {
            out.println("sasl.bootstrap.servers=" + kafka.saslBootstrapServers());
        }
        out.println("broker.log=" + kafka.logFile());
        out.flush();
    }

    private Map<String, Integer> parseTopics(final List<String> specs) {
        final Map<String, Integer> partitionsByTopic = new LinkedHashMap<>();
        long total = 0;
        for (final String topicSpec : specs) {
            final String trimmed = topicSpec.trim();
            if (!trimmed.isEmpty()) {
                final int colon = trimmed.lastIndexOf(':');
                final String name = colon < 0 ? trimmed : trimmed.substring(0, colon);
                try {
                    Topic.validate(name);
                } catch (final InvalidTopicException e) {
                    throw OptionChecks.bad(spec, "Invalid --topics entry '" + topicSpec + "': " + e.getMessage());
                }
                final int partitions = colon < 0 ? 1 : parsePartitions(trimmed, trimmed.substring(colon + 1));
                partitionsByTopic.put(name, partitions);
                total += partitions;
            }
        }
        // The KRaft controller refuses a request that creates more (and a single broker would crawl well before).
        if (total > MAX_PARTITIONS) {
            throw OptionChecks.bad(spec, "--topics asks for " + total + " partitions in all; at most " + MAX_PARTITIONS);
        }
        return partitionsByTopic;
    }

    private int parsePartitions(final String topicSpec, final String partitions) {
        try {
            final int count = Integer.parseInt(partitions.trim());
            if (count > 0) {
                return count;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(),
                "Invalid --topics entry '" + topicSpec + "': partitions must be a positive integer");
    }
}
