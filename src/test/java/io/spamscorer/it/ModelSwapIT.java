package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.cli.Main;
import io.spamscorer.config.ScorerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelInputs;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelTopicStatus;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.train.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Live model swap through the real broker: records scored before, during and after a {@code publish-model} each
 * carry the model version whose math they match, nothing is lost at the switch, a bad model is rejected while the
 * previous one stays, and a restarted instance starts with the latest valid model on the topic without counting the
 * rejected ones again. A model of several MB that changes the features goes through the topic as a named-only model.
 */
class ModelSwapIT {

    @TempDir
    Path dir;

    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final ModelEvents events = new ModelEvents() {
        @Override
        public void rejected(final String source, final String reason) {
            rejected.add(reason);
        }
    };

    private Path writeModel(final String name, final Model base, final String version, final double biasShift,
                            final int dropFeatures) throws IOException {
        final ObjectNode tree = ModelLoader.toTree(base);
        tree.put("version", version);
        tree.put("bias", base.bias() + biasShift);
        for (int i = 0; i < dropFeatures; i++) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("features")).remove(0);
            ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("weights")).remove(0);
            tree.remove("preprocessing");
        }
        final Path file = dir.resolve(name);
        Files.write(file, Json.mapper().writeValueAsBytes(tree));
        return file;
    }

    /** {@code base} with features, weights, mean and std reversed: the same model in another order. */
    private static byte[] reversed(final Model base, final String version) throws IOException {
        final ObjectNode tree = ModelLoader.toTree(base);
        tree.put("version", version);
        for (final String field : List.of("/features", "/weights", "/preprocessing/mean", "/preprocessing/std")) {
            final ArrayNode a = (ArrayNode) tree.at(field);
            final List<JsonNode> items = new ArrayList<>();
            a.forEach(items::add);
            a.removeAll();
            for (int i = items.size() - 1; i >= 0; i--) {
                a.add(items.get(i));
            }
        }
        return Json.mapper().writeValueAsBytes(tree);
    }

    private Path writeConfig(final ScorerConfig config) throws IOException {
        final Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "bootstrap.servers=" + SharedKafka.bootstrapServers() + "\n"
                + "scorer.model.topic=" + config.modelTopic() + "\n"
                + "scorer.model.path=config/model.json\n", StandardCharsets.UTF_8);
        return file;
    }

    private static int publish(final Path model, final Path config) {
        return Main.commandLine().execute("publish-model", "--model", model.toString(), "--config", config.toString());
    }

    private static void send(final KafkaProducer<byte[], byte[]> producer, final String topic, final Dataset data,
                             final int from, final int to) {
        for (int i = from; i < to; i++) {
            final int row = i % data.rows();
            final StringBuilder json = new StringBuilder("{\"id\":\"r-").append(i).append("\",\"row\":").append(row)
                    .append(",\"features\":[");
            final double[] x = data.row(row);
            for (int j = 0; j < x.length; j++) {
                json.append(j == 0 ? "" : ",").append(x[j]);
            }
            producer.send(new ProducerRecord<>(topic, SharedKafka.utf8("r-" + i), SharedKafka.utf8(json.append("]}").toString())));
        }
        producer.flush();
    }

    @Test
    void shouldSwapModelLiveAndScoreEveryRecordWithTheModelItNames() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("swap", 2);
        final Map<String, String> overrides = new HashMap<>();
        overrides.put(ScorerConfig.MODEL_TOPIC, SharedKafka.uniqueName("models"));
        overrides.put(ScorerConfig.TOPICS_CREATE, "true");
        overrides.put(ScorerConfig.MODEL_PATH, "config/model.json");
        final ScorerConfig config = SharedKafka.config(topics, dir.resolve("state"), overrides);
        final Model v1 = SharedKafka.shippedModel();
        final Path v2File = writeModel("v2.json", v1, "2", 1.5, 0);
        final Model v2 = ModelLoader.load(v2File);
        final Path badFile = writeModel("bad.json", v1, "3", 0, 1);
        final Path props = writeConfig(config);
        final Dataset data = Dataset.read(Path.of("data", "spambase.csv"), "spam");
        final int total;
        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, events);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            SharedKafka.awaitRunning(service.runtime());
            send(producer, topics.input(), data, 0, 300);
            final Thread during = new Thread(() -> send(producer, topics.input(), data, 300, 900));
            during.start();
            assertEquals(0, publish(v2File, props));
            during.join();
            SharedKafka.await("the instance to switch to version 2", () -> "2".equals(service.models().model().version()));
            send(producer, topics.input(), data, 900, 1000);
            assertEquals(2, publish(badFile, props), "publish-model itself refuses an incompatible model");
            // Another producer could still write one; the running job must reject it.
            producer.send(new ProducerRecord<>(config.modelTopic(), SharedKafka.utf8(v1.name()), Files.readAllBytes(badFile))).get();
            SharedKafka.await("the bad model to be rejected", () -> !rejected.isEmpty());
            // The same model with its features reordered would score positional records wrongly.
            producer.send(new ProducerRecord<>(config.modelTopic(), SharedKafka.utf8(v1.name()), reversed(v1, "4"))).get();
            SharedKafka.await("the reordered model to be rejected", () -> rejected.size() == 2);
            send(producer, topics.input(), data, 1000, 1100);
            total = 1100;
            final List<ConsumerRecord<byte[], byte[]>> out = SharedKafka.readAll(topics.results(), total);
            assertEquals(total, out.size(), "output + dead-letter records");
            final Map<String, Model> byVersion = Map.of("1", v1, "2", v2);
            final Set<String> ids = new HashSet<>();
            final List<String> versions = new ArrayList<>();
            for (final ConsumerRecord<byte[], byte[]> r : out) {
                assertEquals(topics.output(), r.topic(), "nothing should be dead-lettered");
                final JsonNode n = Json.mapper().readTree(r.value());
                final String id = n.get("id").asText();
                assertTrue(ids.add(id), "duplicate " + id);
                final String version = n.at("/model/version").asText();
                versions.add(version);
                final int i = Integer.parseInt(id.substring(2));
                final double expected = byVersion.get(version).score(data.row(i % data.rows()), 0).spamProbability();
                assertEquals(expected, n.get("spamProbability").asDouble(), 0.0, id + " scored with version " + version);
            }
            assertTrue(versions.contains("1") && versions.contains("2"), "both versions seen: " + new HashSet<>(versions));
            assertEquals("model.features[0] is 'word_freq_address' but the model file config/model.json (scorer.model.path)"
                    + " has 'word_freq_make' there; positional records send values in that order, so a model with other"
                    + " features must declare \"inputs\": \"named-only\" (publish-model --allow-feature-change)", rejected.get(0));
            assertTrue(rejected.get(1).startsWith("model.features[0] is 'capital_run_length_total' but the model file"), rejected.get(1));
            assertEquals("2", service.models().model().version(), "the rejected model must not replace version 2");
        }
        final List<String> rejectedAfterRestart = new CopyOnWriteArrayList<>();
        final ModelEvents restartEvents = new ModelEvents() {
            @Override
            public void rejected(final String source, final String reason) {
                rejectedAfterRestart.add(reason);
            }
        };
        try (ScorerService restarted = ScorerService.start(config, ScoringListener.NONE, restartEvents)) {
            final LoadedModel current = restarted.models().current();
            assertEquals("2", current.model().version(), "a restart starts with the latest valid model on the topic");
            assertTrue(current.source().startsWith("topic " + config.modelTopic()), current.source());
            assertEquals(List.of(), rejectedAfterRestart, "models rejected by an earlier run are replays, not new rejections");
        }
    }

    @Test
    void shouldBackOffReportOnceAndKeepScoringWhileTheModelTopicIsDeletedThenRecoverWhenItIsBack() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("gone", 1);
        final ScorerConfig config = SharedKafka.config(topics, dir.resolve("state"), Map.of(ScorerConfig.MODEL_PATH, "config/model.json"));
        final Model v1 = SharedKafka.shippedModel();
        final Path v2File = writeModel("v2.json", v1, "2", 1.5, 0);
        final Dataset data = Dataset.read(Path.of("data", "spambase.csv"), "spam");
        final ModelTopicStatus status = new ModelTopicStatus(config.modelTopic());
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        status.bindTo(registry);
        final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try (ScorerService service = ScorerService.start(config, ScorerService.loadModelFile(config), ScoringListener.NONE,
                ModelEvents.NONE, status);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer();
             Admin admin = Admin.create(SharedKafka.clientProperties())) {
            SharedKafka.awaitRunning(service.runtime());
            admin.deleteTopics(Set.of(config.modelTopic())).all().get(30, TimeUnit.SECONDS);

            SharedKafka.await("the watcher to notice the deleted model topic", () -> !status.available());
            final long warningsWhenNoticed = watcherWarnings(log);
            SharedKafka.await("two re-checks with back-off", () -> status.checks() >= 2);
            assertEquals(warningsWhenNoticed, watcherWarnings(log), "the client keeps logging while the topic is gone");
            assertTrue(status.problem().startsWith("model topic " + config.modelTopic() + " is unavailable"), status.problem());
            assertEquals(0.0, registry.get(ModelTopicStatus.AVAILABLE).gauge().value());
            assertTrue(registry.get(ModelTopicStatus.ERRORS).functionCounter().count() >= 2);
            assertEquals(1, events(log, Level.ERROR, "model topic " + config.modelTopic() + " is unavailable").size(), "one ERROR");

            send(producer, topics.input(), data, 0, 20);
            final List<ConsumerRecord<byte[], byte[]>> scored = SharedKafka.readAll(topics.results(), 20);
            assertEquals(20, scored.stream().filter(r -> r.topic().equals(topics.output())).count(), "still scoring");

            admin.createTopics(List.of(new NewTopic(config.modelTopic(), Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(config.modelTopic(), SharedKafka.utf8(v1.name()), Files.readAllBytes(v2File))).get();
            SharedKafka.await("the watcher to read the re-created topic", () -> "2".equals(service.models().model().version()));
            assertTrue(status.available());
            assertEquals(1.0, registry.get(ModelTopicStatus.AVAILABLE).gauge().value());
            assertEquals(1, events(log, Level.INFO, "model topic " + config.modelTopic() + " is available again").size());
        } finally {
            root.detachAppender(log);
            registry.close();
        }
    }

    private static long watcherWarnings(final ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream().filter(e -> e.getLevel() == Level.WARN
                && "spam-scorer-model-watcher".equals(e.getThreadName())).count();
    }

    private static List<String> events(final ListAppender<ILoggingEvent> log, final Level level, final String prefix) {
        return List.copyOf(log.list).stream().filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(prefix)).toList();
    }

    @Test
    void shouldRefuseToPublishAModelThatFailsValidation() throws IOException {
        final Path bad = dir.resolve("nan.json");
        Files.writeString(bad, "{\"name\":\"m\",\"version\":\"1\",\"features\":[\"a\"],\"weights\":[\"3.5\"],\"bias\":0,\"threshold\":0.5}");
        final ScorerConfig config = SharedKafka.config(SharedKafka.topicNames("refuse"), dir.resolve("state"),
                Map.of(ScorerConfig.MODEL_TOPIC, SharedKafka.uniqueName("models")));
        final java.io.StringWriter err = new java.io.StringWriter();
        final picocli.CommandLine cmd = Main.commandLine();
        cmd.setErr(new java.io.PrintWriter(err));
        final int code = cmd.execute("publish-model", "--model", bad.toString(), "--config", writeConfig(config).toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("model.weights[0] must be a number"), err.toString());
    }

    /**
     * A word-level model: the shipped features followed by {@code extra} more. Random digits compress about as badly
     * as trained weights do, so the record stays well over the broker's default 1 MiB limit after gzip.
     */
    private Path writeWideModel(final Model base, final int extra, final double biasShift) throws IOException {
        final ObjectNode tree = ModelLoader.toTree(base);
        tree.put("version", "wide");
        tree.put("bias", base.bias() + biasShift);
        final ArrayNode features = (ArrayNode) tree.get("features");
        final ArrayNode weights = (ArrayNode) tree.get("weights");
        final ArrayNode mean = (ArrayNode) tree.at("/preprocessing/mean");
        final ArrayNode std = (ArrayNode) tree.at("/preprocessing/std");
        final java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < extra; i++) {
            features.add("word_" + i);
            weights.add(random.nextGaussian() * 0.01);
            mean.add(random.nextDouble());
            std.add(0.5 + random.nextDouble());
        }
        final Path file = dir.resolve("wide.json");
        Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
        return file;
    }

    @Test
    void shouldSwapToALargeNamedOnlyModelAndDeadLetterPositionalRecordsWhileItIsInUse() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("wide", 1);
        final Map<String, String> overrides = new HashMap<>();
        overrides.put(ScorerConfig.MODEL_TOPIC, SharedKafka.uniqueName("models"));
        overrides.put(ScorerConfig.TOPICS_CREATE, "true");
        overrides.put(ScorerConfig.MODEL_PATH, "config/model.json");
        overrides.put(ScorerConfig.FEATURES_MISSING, "zero");
        final ScorerConfig config = SharedKafka.config(topics, dir.resolve("state"), overrides);
        final Model v1 = SharedKafka.shippedModel();
        final Path wideFile = writeWideModel(v1, 120_000, 0.75);
        assertTrue(Files.size(wideFile) > 4 * Json.MAX_DOCUMENT_BYTES, "several MB: " + Files.size(wideFile));
        final Dataset data = Dataset.read(Path.of("data", "spambase.csv"), "spam");
        final double[] row = data.row(0);
        final StringBuilder named = new StringBuilder("{\"id\":\"named\",\"features\":{");
        final StringBuilder positional = new StringBuilder("{\"id\":\"positional\",\"features\":[");
        for (int j = 0; j < row.length; j++) {
            named.append(j == 0 ? "" : ",").append(Json.mapper().writeValueAsString(v1.features().get(j))).append(':').append(row[j]);
            positional.append(j == 0 ? "" : ",").append(row[j]);
        }
        named.append("}}");
        positional.append("]}");
        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, events);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            SharedKafka.awaitRunning(service.runtime());
            final CommandRun run = CommandRun.of("publish-model", "--model", wideFile.toString(), "--config",
                    writeConfig(config).toString(), "--allow-feature-change");
            assertEquals(0, run.exitCode(), run.context());
            SharedKafka.await("the instance to switch to the wide model", () -> "wide".equals(service.models().model().version()));
            final Model wide = service.models().model();
            assertEquals(ModelInputs.NAMED_ONLY, wide.inputs());
            assertEquals(v1.featureCount() + 120_000, wide.featureCount());
            producer.send(new ProducerRecord<>(topics.input(), SharedKafka.utf8("named"), SharedKafka.utf8(named.toString())));
            producer.send(new ProducerRecord<>(topics.input(), SharedKafka.utf8("positional"), SharedKafka.utf8(positional.toString())));
            producer.flush();
            final List<ConsumerRecord<byte[], byte[]>> out = SharedKafka.readAll(topics.results(), 2);
            assertEquals(2, out.size(), "output + dead-letter records");
            final double[] x = new double[wide.featureCount()];
            System.arraycopy(row, 0, x, 0, row.length);
            for (final ConsumerRecord<byte[], byte[]> r : out) {
                final String key = new String(r.key(), StandardCharsets.UTF_8);
                if ("named".equals(key)) {
                    assertEquals(topics.output(), r.topic());
                    final JsonNode n = Json.mapper().readTree(r.value());
                    assertEquals("wide", n.at("/model/version").asText());
                    assertEquals(wide.score(x, 0).spamProbability(), n.get("spamProbability").asDouble(), 0.0);
                } else {
                    assertEquals(topics.dlq(), r.topic(), "a positional record must not be scored by a named-only model");
                    assertEquals("bad_features", new String(r.headers().lastHeader("scorer.dlq.reason").value(), StandardCharsets.UTF_8));
                    assertTrue(new String(r.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8)
                            .contains("takes named features only"));
                }
            }
            assertEquals(List.of(), rejected);
        }
    }

    @Test
    void shouldSayTheModelTopicDoesNotExistWhenTheClusterAnswers() throws IOException {
        final ScorerConfig config = SharedKafka.config(SharedKafka.topicNames("absent"), dir.resolve("state"),
                Map.of(ScorerConfig.MODEL_TOPIC, SharedKafka.uniqueName("models")));
        final CommandRun run = CommandRun.of("publish-model", "--model", "config/model.json", "--config", writeConfig(config).toString());
        assertEquals(2, run.exitCode(), run.context());
        assertTrue(run.err().startsWith("error: model topic " + config.modelTopic() + " (scorer.model.topic) does not exist on "
                + SharedKafka.bootstrapServers() + "; "), run.context());
        assertEquals(1, run.err().strip().lines().count(), run.context());
    }
}
