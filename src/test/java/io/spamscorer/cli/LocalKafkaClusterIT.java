package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.BufferedReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code local-kafka --brokers 3} starts three nodes, prints their bootstrap list and creates topics with RF 3. */
class LocalKafkaClusterIT {

    @Test
    void shouldStartAThreeNodeClusterAndPrintItsBootstrapList() throws Exception {
        final PipedWriter pipe = new PipedWriter();
        final BufferedReader out = new BufferedReader(new PipedReader(pipe, 64 * 1024));
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(pipe, true));
        cmd.setErr(new PrintWriter(err, true));
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread runner = new Thread(() -> code.set(cmd.execute("local-kafka", "--brokers", "3",
                "--topics", "it.cluster:4")), "local-kafka");
        runner.start();
        try {
            final String first = out.readLine();
            assertTrue(first != null && first.startsWith("bootstrap.servers="), first + " / " + err);
            final String bootstrap = first.substring("bootstrap.servers=".length());
            assertEquals(3, bootstrap.split(",").length, bootstrap);
            for (int id = 1; id <= 3; id++) {
                final String line = out.readLine();
                assertTrue(line != null && line.startsWith("broker." + id + ".log="), line);
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertEquals(3, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
                final TopicDescription topic = admin.describeTopics(List.of("it.cluster")).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get("it.cluster");
                assertEquals(4, topic.partitions().size());
                topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), "replicas of " + p));
            }
        } finally {
            runner.interrupt(); // what Ctrl-C does to the waiting command; it then stops the nodes
            runner.join(Duration.ofSeconds(60).toMillis());
            closeQuietly(out);
        }
        assertEquals(0, code.get(), err.toString());
    }

    private static void closeQuietly(final BufferedReader reader) {
        try {
            reader.close();
        } catch (final IOException e) {
            // nothing to clean up
        }
    }
}
