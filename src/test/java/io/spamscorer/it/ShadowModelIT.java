package io.spamscorer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.ops.ModelTopicProtocol;
import io.spamscorer.ops.ModelTopicStatus;
import io.spamscorer.ops.ModelTopicWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shadow slot of the model topic through the real broker: a published shadow reaches the watcher, a tombstone
 * removes it, a promotion (one transaction) makes it live and removes it in one holder write, and a restarted
 * watcher gets the shadow back from the catch-up.
 */
class ShadowModelIT {

    @TempDir
    Path dir;

    /** Each event with the holder's live/shadow versions right after it. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private ModelEvents recording(final ModelHolder holder) {
        return new ModelEvents() {
            private void note(final String event) {
                final ModelHolder.Models m = holder.snapshot();
                seen.add(event + " " + m.live().model().version() + "/" + (m.shadow() == null ? "-" : m.shadow().model().version()));
            }

            @Override
            public void accepted(final LoadedModel model) {
                note("accepted");
            }

            @Override
            public void shadowAccepted(final LoadedModel shadow) {
                note("shadowAccepted");
            }

            @Override
            public void shadowRejected(final String source, final String reason) {
                note("shadowRejected");
            }

            @Override
            public void shadowCleared(final String source) {
                note("shadowCleared");
            }

            @Override
            public void promoted(final LoadedModel live) {
                note("promoted");
            }
        };
    }

    private static Model version(final Model base, final String version) throws Exception {
        final ObjectNode tree = ModelLoader.toTree(base);
        tree.put("version", version);
        return ModelLoader.parse(Json.mapper().writeValueAsBytes(tree));
    }

    private ModelTopicWatcher watcher(final ScorerConfig config, final Model deployed, final ModelHolder holder) {
        return new ModelTopicWatcher(SharedKafka.clientProperties(), config.modelTopic(), deployed, holder, recording(holder),
                new ModelTopicStatus(config.modelTopic()), InputFormat.FEATURES);
    }

    private static String versions(final ModelHolder holder) {
        final ModelHolder.Models m = holder.snapshot();
        return m.live().model().version() + "/" + (m.shadow() == null ? "-" : m.shadow().model().version());
    }

    @Test
    void shouldSetClearPromoteAndRestoreTheShadowFromTheModelTopic() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("shadow", 1);
        final Path tinyPath = SharedKafka.resource("tiny-model.json");
        final ScorerConfig config = SharedKafka.config(topics, dir.resolve("state"), Map.of(ScorerConfig.MODEL_PATH, tinyPath.toString()));
        final Model v7 = SharedKafka.tinyModel();
        final Model v8 = version(v7, "8");
        final Model v9 = version(v7, "9");
        final ModelHolder holder = SharedKafka.holder(v7);

        try (ModelTopicWatcher watcher = watcher(config, v7, holder);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            watcher.catchUp(Duration.ofSeconds(30));
            watcher.start();

            ModelPublisher.publishShadow(config, v8, ModelLoader.toJson(v8));
            SharedKafka.await("shadow 8", () -> "7/8".equals(versions(holder)), () -> versions(holder));

            producer.send(new ProducerRecord<>(config.modelTopic(), ModelTopicProtocol.shadowKey(), null)).get();
            SharedKafka.await("no shadow", () -> "7/-".equals(versions(holder)), () -> versions(holder));

            ModelPublisher.publishShadow(config, v9, ModelLoader.toJson(v9));
            SharedKafka.await("shadow 9", () -> "7/9".equals(versions(holder)), () -> versions(holder));
            final ModelHolder.Models before = holder.snapshot();

            // a check that approved 8 must not promote 9, which replaced it meanwhile
            final ModelPublisher.PublishException stale = assertThrows(ModelPublisher.PublishException.class,
                    () -> ModelPublisher.promote(config, v8));
            assertTrue(stale.getMessage().contains("not the checked tiny@8"), stale.getMessage());

            final ModelPublisher.Published promoted = ModelPublisher.promote(config);
            assertEquals(v9, promoted.model());
            SharedKafka.await("9 live, no shadow", () -> "9/-".equals(versions(holder)), () -> versions(holder));
            assertEquals(v7, before.live().model());
            assertEquals(v9, before.shadow().model());
        }
        // the promotion was never seen half-applied: no 9/9, and no separate live swap
        assertEquals(List.of("shadowAccepted 7/8", "shadowCleared 7/-", "shadowAccepted 7/9", "promoted 9/-"), seen);

        // the transaction's two records, committed: the shadow's JSON under its name, then the slot's tombstone
        final List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.readAll(List.of(config.modelTopic()), 5);
        final ConsumerRecord<byte[], byte[]> live = records.get(3);
        assertEquals("tiny", SharedKafka.string(live.key()));
        assertEquals(v9, ModelLoader.parse(live.value()));
        assertEquals(ModelTopicProtocol.SHADOW_KEY, SharedKafka.string(records.get(4).key()));
        assertNull(records.get(4).value());

        // a new shadow, then a restart: the catch-up restores the live model and the shadow
        final Model v10 = version(v7, "10");
        ModelPublisher.publishShadow(config, v10, ModelLoader.toJson(v10));
        seen.clear();
        final ModelHolder restarted = SharedKafka.holder(v7);
        try (ModelTopicWatcher watcher = watcher(config, v7, restarted)) {
            watcher.catchUp(Duration.ofSeconds(30));
            assertEquals("9/10", versions(restarted));
        }
    }
}
