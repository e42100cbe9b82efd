package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged job as an operator runs it: {@code java -jar target/spam-scorer.jar run --config FILE} in its own
 * process. SIGTERM closes it cleanly with exit code 0; a stream thread that keeps dying ends it with exit code 1
 * and a log line saying why.
 */
class LifecycleIT {

    @TempDir
    Path dir;

    private Process process;
    private int httpPort;

    @org.junit.jupiter.api.BeforeEach
    void pickPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
    }

    private java.net.http.HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Path config(final SharedKafka.Topics topics, final String extra) throws IOException {
        final Path file = dir.resolve("scorer.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=" + SharedKafka.bootstrapServers(),
                "application.id=" + SharedKafka.uniqueName("lifecycle"),
                "state.dir=" + dir.resolve("state").toAbsolutePath(),
                ScorerConfig.INPUT_TOPIC + "=" + topics.input(),
                ScorerConfig.OUTPUT_TOPIC + "=" + topics.output(),
                ScorerConfig.DLQ_TOPIC + "=" + topics.dlq(),
                ScorerConfig.MODEL_TOPIC + "=" + SharedKafka.uniqueName("models"),
                ScorerConfig.TOPICS_CREATE + "=true",
                ScorerConfig.SHUTDOWN_TIMEOUT + "=20s",
                ScorerConfig.HTTP_PORT + "=" + httpPort,
                extra, ""), StandardCharsets.UTF_8);
        return file;
    }

    private Path start(final Path config) throws IOException {
        final Path log = dir.resolve("scorer.log");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx256m", "-jar", "target/spam-scorer.jar", "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return log;
    }

    private static String read(final Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "";
        }
    }

    private void awaitLog(final Path log, final String text) throws InterruptedException {
        SharedKafka.await("log line '" + text + "'", () -> read(log).contains(text) || !process.isAlive(), () -> read(log));
        assertTrue(read(log).contains(text), read(log));
    }

    @Test
    void shouldServeHealthAndMetricsThenCloseCleanlyAndExitZeroOnSigterm() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("sigterm");
        final Path log = start(config(topics, ""));
        awaitLog(log, "REBALANCING -> RUNNING");
        assertEquals(200, get("/health/live").statusCode());
        SharedKafka.await("readiness", () -> {
            try {
                return get("/health/ready").statusCode() == 200;
            } catch (final IOException | InterruptedException e) {
                return false;
            }
        });
        final String metrics = get("/metrics").body();
        assertTrue(metrics.contains("spam_scorer_model_info{name=\"spambase-logreg\",version=\"1\"} 1"), metrics);
        assertTrue(metrics.contains("kafka_stream_thread"), "Kafka Streams metrics are bound");
        assertTrue(get("/model").body().contains("\"featureCount\":57"));
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not exit after SIGTERM:\n" + read(log));
        assertEquals(0, process.exitValue(), read(log));
        final String out = read(log);
        assertTrue(out.contains("shutdown requested") && out.contains("PENDING_SHUTDOWN -> NOT_RUNNING") && out.contains("stopped"), out);
    }

    @Test
    void shouldCloseCleanlyAndExitZeroOnSigtermWhileStillCheckingTopics() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("sigterm-starting");
        final Path config = config(topics, "");
        // Nothing listens on port 1: the topic check waits (up to 30 s) for a cluster that never answers.
        Files.writeString(config, Files.readString(config).replace("bootstrap.servers=" + SharedKafka.bootstrapServers(),
                "bootstrap.servers=127.0.0.1:1"));
        final Path log = start(config);
        awaitLog(log, "HTTP endpoint listening");
        assertEquals(503, get("/health/ready").statusCode());
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not exit after SIGTERM:\n" + read(log));
        assertEquals(0, process.exitValue(), read(log));
        final String out = read(log);
        assertTrue(out.contains("shutdown requested") && out.contains("startup abandoned") && out.contains("stopped"), out);
    }

    @Test
    void shouldExitNonZeroWithReasonWhenStreamThreadsKeepDying() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("fatal");
        // No replacements allowed: the first stream-thread failure ends the instance.
        final Path log = start(config(topics, ScorerConfig.REPLACEMENTS_MAX + "=0"));
        awaitLog(log, "REBALANCING -> RUNNING");
        try (Admin admin = Admin.create(SharedKafka.clientProperties())) {
            // A source topic that disappears is fatal for the stream thread (MissingSourceTopicException).
            admin.deleteTopics(Set.of(topics.input())).all().get(30, TimeUnit.SECONDS);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "did not exit after its input topic was deleted:\n" + read(log));
        assertEquals(1, process.exitValue(), read(log));
        final String out = read(log);
        assertTrue(out.contains("spam-scorer is stopping:"), out);
        assertTrue(List.of(out.split("\n")).stream().anyMatch(l -> l.contains("ERROR") && l.contains("shutting down: stream thread died")), out);
    }

    @Test
    void shouldNameMissingTopicsAndExitTwoWithoutCreateOption() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.topicNames("missing");
        final Path config = config(topics, "");
        Files.writeString(config, Files.readString(config).replace(ScorerConfig.TOPICS_CREATE + "=true", ""));
        final Path log = start(config);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), read(log));
        assertEquals(2, process.exitValue(), read(log));
        assertTrue(read(log).contains("error: missing topic(s): " + topics.input() + ", " + topics.output() + ", " + topics.dlq()), read(log));
    }
}
