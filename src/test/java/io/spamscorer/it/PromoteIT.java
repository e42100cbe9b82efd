package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.Example.Label;
import io.spamscorer.feedback.ExampleJson;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelTopicStatus;
import io.spamscorer.ops.ModelTopicWatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promote} through the real broker: refused while the examples topic has too few examples the shadow scored,
 * accepted once it has enough on which the shadow is at least as good, after which a running watcher has the shadow
 * live and no shadow; then refused for want of a shadow. {@code publish-model --shadow/--promote} on the same topic.
 */
class PromoteIT {

    @TempDir
    Path dir;

    private Path writeModel(final String version) throws Exception {
        final ObjectNode tree = ModelLoader.toTree(SharedKafka.tinyModel());
        tree.put("version", version);
        final Path file = dir.resolve("tiny-" + version + ".json");
        Files.write(file, Json.mapper().writeValueAsBytes(tree));
        return file;
    }

    private static void example(final KafkaProducer<byte[], byte[]> producer, final String topic, final String id,
                                final Label label, final Label live, final Label shadow, final String shadowVersion) throws Exception {
        final long now = System.currentTimeMillis();
        final Example e = new Example(id, label, "user", now, now - 60_000, new ModelRef("tiny", "7"),
                live.isSpam() ? 0.9 : 0.1, live, new Example.Shadow(new ModelRef("tiny", shadowVersion),
                shadow.isSpam() ? 0.9 : 0.1, shadow), Map.of());
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), ExampleJson.write(e))).get();
    }

    private static String versions(final ModelHolder holder) {
        final ModelHolder.Models m = holder.snapshot();
        return m.live().model().version() + "/" + (m.shadow() == null ? "-" : m.shadow().model().version());
    }

    @Test
    void shouldRefuseWithTooFewExamplesThenPromoteAGoodShadowThatEveryWatcherMakesLive() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("promote", 1);
        final String examples = SharedKafka.uniqueName("examples");
        SharedKafka.broker().createTopics(Map.of(examples, 1));
        final Path config = dir.resolve("scorer.properties");
        Files.writeString(config, "bootstrap.servers=" + SharedKafka.bootstrapServers() + "\n"
                + ScorerConfig.MODEL_TOPIC + "=" + topics.models() + "\n"
                + ScorerConfig.MODEL_PATH + "=" + SharedKafka.resource("tiny-model.json") + "\n"
                + "scorer.examples.topic=" + examples + "\n"
                + "scorer.labels.topic=" + examples + "-labels\n", StandardCharsets.UTF_8); // as the scorer's file has it
        final Model v7 = SharedKafka.tinyModel();
        final ModelHolder holder = SharedKafka.holder(v7);

        try (ModelTopicWatcher watcher = new ModelTopicWatcher(SharedKafka.clientProperties(), topics.models(), v7, holder,
                ModelEvents.NONE, new ModelTopicStatus(topics.models()), InputFormat.FEATURES);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            watcher.catchUp(Duration.ofSeconds(30));
            watcher.start();

            final CommandRun shadow = CommandRun.of("publish-model", "--shadow", "--model", writeModel("8").toString(),
                    "--config", config.toString());
            assertEquals(0, shadow.exitCode(), shadow.context());
            assertTrue(shadow.stdout().contains("published tiny@8") && shadow.stdout().contains("as the shadow model"), shadow.context());
            SharedKafka.await("shadow 8", () -> "7/8".equals(versions(holder)), () -> versions(holder));

            // three examples of this shadow (e-2 relabelled: its latest record wins), and one of another challenger
            // that must not count
            example(producer, examples, "e-2", Label.SPAM, Label.SPAM, Label.HAM, "8");
            example(producer, examples, "e-1", Label.HAM, Label.SPAM, Label.HAM, "8");
            example(producer, examples, "e-2", Label.HAM, Label.HAM, Label.HAM, "8");
            example(producer, examples, "e-3", Label.SPAM, Label.SPAM, Label.SPAM, "8");
            example(producer, examples, "e-9", Label.SPAM, Label.SPAM, Label.SPAM, "6");
            final CommandRun tooFew = CommandRun.of("promote", "--config", config.toString(), "--min-examples", "4");
            assertEquals(1, tooFew.exitCode(), tooFew.context());
            assertEquals("error: promotion of shadow tiny@8 refused: only 3 labelled example(s) scored by shadow tiny@8,"
                    + " 4 needed (1 missing)", tooFew.err().strip());
            assertEquals("7/8", versions(holder));

            // live: 1 fp, 1 tn, 2 tp -> FPR 1/2, accuracy 3/4; shadow: 2 tn, 2 tp -> FPR 0, accuracy 1
            example(producer, examples, "e-4", Label.SPAM, Label.SPAM, Label.SPAM, "8");
            final CommandRun accepted = CommandRun.of("promote", "--config", config.toString(), "--min-examples", "4");
            assertEquals(0, accepted.exitCode(), accepted.context());
            assertTrue(accepted.stdout().contains("live    false-positive rate 0.5000  accuracy 0.7500  (tp=2 fp=1 tn=1 fn=0)"),
                    accepted.context());
            assertTrue(accepted.stdout().contains("shadow  false-positive rate 0.0000  accuracy 1.0000  (tp=2 fp=0 tn=2 fn=0)"),
                    accepted.context());
            assertTrue(accepted.stdout().contains("promoted shadow tiny@8"), accepted.context());
            SharedKafka.await("8 live, no shadow", () -> "8/-".equals(versions(holder)), () -> versions(holder));

            final CommandRun none = CommandRun.of("promote", "--config", config.toString(), "--force");
            assertEquals(2, none.exitCode(), none.context());
            assertTrue(none.err().contains("there is no shadow model on " + topics.models()), none.context());

            // publish-model --promote: the same promotion without a check
            assertEquals(0, CommandRun.of("publish-model", "--shadow", "--model", writeModel("9").toString(),
                    "--config", config.toString()).exitCode());
            SharedKafka.await("shadow 9", () -> "8/9".equals(versions(holder)), () -> versions(holder));
            final CommandRun promote = CommandRun.of("publish-model", "--promote", "--config", config.toString());
            assertEquals(0, promote.exitCode(), promote.context());
            SharedKafka.await("9 live, no shadow", () -> "9/-".equals(versions(holder)), () -> versions(holder));

            // publish-model --clear-shadow: a challenger removed without promotion, and refused when there is none
            assertEquals(0, CommandRun.of("publish-model", "--shadow", "--model", writeModel("10").toString(),
                    "--config", config.toString()).exitCode());
            SharedKafka.await("shadow 10", () -> "9/10".equals(versions(holder)), () -> versions(holder));
            final CommandRun clear = CommandRun.of("publish-model", "--clear-shadow", "--config", config.toString());
            assertEquals(0, clear.exitCode(), clear.context());
            assertTrue(clear.stdout().contains("cleared shadow tiny@10"), clear.context());
            SharedKafka.await("9 live, shadow cleared", () -> "9/-".equals(versions(holder)), () -> versions(holder));
            final CommandRun again = CommandRun.of("publish-model", "--clear-shadow", "--config", config.toString());
            assertEquals(2, again.exitCode(), again.context());
            assertTrue(again.err().contains("there is no shadow model on " + topics.models() + " to clear"), again.context());
        }
    }
}
