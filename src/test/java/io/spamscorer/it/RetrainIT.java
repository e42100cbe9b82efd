package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.cli.Main;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.features.SparseVector;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ExampleJson;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelTopicProtocol;
import io.spamscorer.train.MailCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code retrain} through the real broker: labelled examples with captured features on a compacted examples topic
 * (one relabelled, one without features, one with a feature the live model does not know) become a model with the
 * live model's vocabulary and featurizer and a new version, written to a file and published to the shadow slot of the
 * model topic; the errors a user meets first (no examples topic, an empty one) are one line each.
 */
class RetrainIT {

    private static final Path LIVE = Path.of(ScorerConfig.EMAIL_MODEL_PATH);

    @TempDir
    Path dir;

    /** stdout, stderr and the exit code of one command, run through Main's command line. */
    private record Run(int exitCode, String stdout, String err) {
        String context() {
            return "stdout:\n" + stdout + "\nerr:\n" + err;
        }
    }

    private static Run run(final String... args) {
        final CommandLine cmd = Main.commandLine();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StringWriter err = new StringWriter();
        final PrintStream original = System.out;
        final int code;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(ps);
            cmd.setOut(new PrintWriter(ps, true));
            cmd.setErr(new PrintWriter(err, true));
            code = cmd.execute(args);
        } finally {
            System.setOut(original);
        }
        final Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        original.println(r.context());
        return r;
    }

    private Path config(final String examplesTopic, final String modelTopic) throws IOException {
        final Properties p = new Properties();
        p.setProperty("bootstrap.servers", SharedKafka.bootstrapServers());
        p.setProperty(ScorerConfig.INPUT_FORMAT, "email");
        p.setProperty(ScorerConfig.MODEL_PATH, LIVE.toString());
        p.setProperty(ScorerConfig.MODEL_TOPIC, modelTopic);
        if (examplesTopic != null) {
            p.setProperty(ScorerConfig.LABELS_TOPIC, examplesTopic + ".labels");
            p.setProperty(ScorerConfig.EXAMPLES_TOPIC, examplesTopic);
        }
        final Path file = dir.resolve("scorer.properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }

    /** {@code n} messages of each class from data/mail/demo as examples, featurized as the scorer would capture them. */
    private static List<Example> examples(final Model live, final int n) {
        final EmailParser parser = new EmailParser(EmailLimits.defaults());
        final List<Example> out = new ArrayList<>();
        for (final String cls : new String[] {"ham", "spam"}) {
            final List<Path> files = MailCorpus.files(Path.of("data/mail/demo", cls));
            for (final Path f : files.subList(0, n)) {
                final SparseVector v = live.featurizer().featurize(parser.parse(MailCorpus.readMessage(f, 1 << 20)));
                final Map<String, Double> named = new LinkedHashMap<>();
                for (int k = 0; k < v.size(); k++) {
                    named.put(live.features().get(v.index(k)), v.value(k));
                }
                out.add(example(cls + "/" + f.getFileName(), cls.equals("spam"), named));
            }
        }
        return out;
    }

    private static Example example(final String id, final boolean spam, final Map<String, Double> features) {
        return new Example(id, Example.Label.of(spam), "it", 2L, 1L, new ModelRef("spamassassin-words", "1"), 0.5,
                Example.Label.HAM, null, features);
    }

    @Test
    void shouldTrainOnTheLatestExamplesAndPublishTheModelAsTheShadow() throws Exception {
        final String topic = SharedKafka.uniqueName("examples");
        final String models = SharedKafka.uniqueName("models");
        SharedKafka.broker().createTopics(Map.of(topic, 2, models, 1));
        final Model live = ModelLoader.load(LIVE);
        final List<Example> examples = examples(live, 10);
        // the scorers run version 2, published on the model topic: that, not the file, is the model to retrain
        final ObjectNode published = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(LIVE));
        published.put("version", "2");
        try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            producer.send(new ProducerRecord<>(models, ModelTopicProtocol.liveKey("spamassassin-words"),
                    Json.mapper().writeValueAsBytes(published))).get();
            // the first spam example is first labelled ham, then corrected: only the latest label may count
            final Example corrected = examples.get(10);
            producer.send(record(topic, corrected.withLabel(Example.Label.HAM, "it", 1L)));
            for (final Example e : examples) {
                producer.send(record(topic, e));
            }
            producer.send(record(topic, example("no-features", true, Map.of())));
            producer.send(record(topic, example("unknown-name", false, Map.of("not-a-token-of-the-model", 1.0))));
            producer.flush();
        }
        final Path out = dir.resolve("retrained.json");

        final Run r = run("retrain", "--config", config(topic, models).toString(), "--out", out.toString(),
                "--publish-shadow", "--folds", "3");

        assertEquals(0, r.exitCode(), r.context());
        final Model m = ModelLoader.load(out);
        assertEquals("spamassassin-words", m.name());
        assertEquals("2-retrained-21", m.version(), "20 mail examples and the all-unknown one; not the one without features");
        assertEquals("2", m.training().path("retrainedFrom").path("version").asText());
        assertEquals(live.features(), m.features());
        assertEquals(11, m.training().path("data").path("examples").path("ham").asInt(), "the corrected label counts once, as spam");
        assertTrue(r.err().contains("live model spamassassin-words@2 (9780 features"), r.context());
        assertTrue(r.err().contains("from model topic " + models + "-0@0"), r.context());
        assertTrue(r.err().contains("1 examples without features skipped"), r.context());
        assertTrue(r.err().contains("1 feature names unknown to the live model dropped (1 values; e.g. not-a-token-of-the-model)"),
                r.context());
        assertTrue(r.stdout().contains("cross-validation (3-fold stratified, seed 42, out-of-fold scores pooled), "
                + "threshold for max false-positive rate 0.004:"), r.context());
        assertTrue(r.stdout().matches("(?s).*\\n\\s+rows\\s+21 \\(spam 10, ham 11\\)\\n.*"), r.context());
        assertTrue(r.stdout().contains("published spamassassin-words@2-retrained-21 as the shadow to " + models), r.context());
        final List<ConsumerRecord<byte[], byte[]>> onTopic = SharedKafka.readAll(List.of(models), 2);
        assertEquals(2, onTopic.size(), "the live model, then the shadow");
        assertTrue(ModelTopicProtocol.isShadowKey(onTopic.get(1).key()));
        assertArrayEquals(Files.readAllBytes(out), onTopic.get(1).value(), "the shadow is the model file, byte for byte");
    }

    private static ProducerRecord<byte[], byte[]> record(final String topic, final Example e) {
        return new ProducerRecord<>(topic, e.id().getBytes(StandardCharsets.UTF_8), ExampleJson.write(e));
    }

    @Test
    void shouldSayWhenThereAreNoExamplesYet() throws Exception {
        final String topic = SharedKafka.uniqueName("examples-empty");
        final String models = SharedKafka.uniqueName("models");
        SharedKafka.broker().createTopics(Map.of(topic, 1, models, 1));

        final Run r = run("retrain", "--config", config(topic, models).toString(), "--out", dir.resolve("m.json").toString());

        assertEquals(2, r.exitCode(), r.context());
        assertTrue(r.err().contains("error: " + topic + " (scorer.examples.topic) has no examples"), r.context());
        assertTrue(!Files.exists(dir.resolve("m.json")));
    }

    @Test
    void shouldSayWhenFeaturesWereNotCaptured() throws Exception {
        final String topic = SharedKafka.uniqueName("examples-bare");
        final String models = SharedKafka.uniqueName("models");
        SharedKafka.broker().createTopics(Map.of(topic, 1, models, 1));
        try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            producer.send(record(topic, example("a", true, Map.of())));
            producer.send(record(topic, example("b", false, Map.of())));
            producer.flush();
        }

        final Run r = run("retrain", "--config", config(topic, models).toString(), "--publish-shadow");

        assertEquals(2, r.exitCode(), r.context());
        assertTrue(r.err().contains("error: none of the 2 examples on " + topic + " carry features: the scorer did not "
                + "capture them"), r.context());
        assertEquals(0, SharedKafka.readAll(List.of(models), 0).size(), "nothing published");
    }

    @Test
    void shouldSayWhenTheExamplesTopicIsNotConfigured() throws Exception {
        final Run r = run("retrain", "--config", config(null, SharedKafka.uniqueName("models")).toString(), "--out", "x.json");

        assertEquals(2, r.exitCode(), r.context());
        assertTrue(r.err().startsWith("error: scorer.examples.topic is not set (empty, so off)"), r.context());
    }
}
