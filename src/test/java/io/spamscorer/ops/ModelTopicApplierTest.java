package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.config.InputFormat;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The model topic protocol as the watcher applies it, record by record, without a broker. */
class ModelTopicApplierTest {

    private static final Model V1 = ModelLoader.load(Path.of("src/test/resources/tiny-model.json"));

    private final ModelHolder holder = new ModelHolder(new LoadedModel(V1, "file", Instant.now()));
    /** Each event with the holder's live and shadow versions right after it ("-" for no shadow). */
    private final List<String> seen = new ArrayList<>();
    private final ModelEvents events = new ModelEvents() {
        @Override
        public void accepted(final LoadedModel model) {
            note("accepted");
        }

        @Override
        public void rejected(final String source, final String reason) {
            note("rejected");
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
    private final ModelTopicApplier applier = new ModelTopicApplier(holder, events, InputFormat.FEATURES, V1, "the model file");
    private long offset;

    private void note(final String event) {
        final ModelHolder.Models m = holder.snapshot();
        seen.add(event + " " + m.live().model().version() + "/" + (m.shadow() == null ? "-" : m.shadow().model().version()));
    }

    private static byte[] version(final String version) throws Exception {
        final ObjectNode tree = ModelLoader.toTree(V1);
        tree.put("version", version);
        return Json.mapper().writeValueAsBytes(tree);
    }

    /** Version {@code version} with features the model file does not have in that order: rejected for positional input. */
    private static byte[] incompatible(final String version) throws Exception {
        final ObjectNode tree = ModelLoader.toTree(V1);
        tree.put("version", version);
        tree.putArray("features").add("c").add("b").add("a");
        return Json.mapper().writeValueAsBytes(tree);
    }

    private void apply(final String key, final byte[] value) {
        applier.apply(new ConsumerRecord<>("models", 0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value), false);
    }

    @Test
    void shouldSetTheShadowFromTheShadowSlotAndKeepTheLiveModel() throws Exception {
        apply(ModelTopicProtocol.SHADOW_KEY, version("8"));

        assertEquals(List.of("shadowAccepted 7/8"), seen);
        assertEquals("topic models-0@0", holder.snapshot().shadow().source());
    }

    @Test
    void shouldKeepThePreviousShadowWhenANewOneIsRejected() throws Exception {
        apply(ModelTopicProtocol.SHADOW_KEY, version("8"));
        apply(ModelTopicProtocol.SHADOW_KEY, incompatible("9"));
        apply(ModelTopicProtocol.SHADOW_KEY, "{not json".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("shadowAccepted 7/8", "shadowRejected 7/8", "shadowRejected 7/8"), seen);
    }

    @Test
    void shouldCountARejectedShadowAsARejectedModelByDefault() throws Exception {
        final List<String> rejected = new ArrayList<>();
        final ModelTopicApplier counting = new ModelTopicApplier(holder, new ModelEvents() {
            @Override
            public void rejected(final String source, final String reason) {
                rejected.add(source);
            }
        }, InputFormat.FEATURES, V1, "the model file");

        counting.apply(new ConsumerRecord<>("models", 0, 5L, ModelTopicProtocol.shadowKey(), incompatible("9")), false);

        assertEquals(List.of("topic models-0@5"), rejected);
        assertNull(holder.snapshot().shadow());
    }

    @Test
    void shouldClearTheShadowOnATombstoneInTheShadowSlotButIgnoreOtherTombstones() throws Exception {
        apply(ModelTopicProtocol.SHADOW_KEY, version("8"));
        apply("tiny", null);
        apply(ModelTopicProtocol.SHADOW_KEY, null);

        assertEquals(List.of("shadowAccepted 7/8", "shadowCleared 7/-"), seen);
        assertEquals("7", holder.model().version());
    }

    @Test
    void shouldPromoteInOneWriteWhenTheLiveRecordEqualsTheShadow() throws Exception {
        apply(ModelTopicProtocol.SHADOW_KEY, version("8"));
        apply("tiny", version("8")); // the promotion transaction's first record
        apply(ModelTopicProtocol.SHADOW_KEY, null); // and its second

        assertEquals(List.of("shadowAccepted 7/8", "promoted 8/-"), seen);
        assertEquals("topic models-0@1", holder.current().source());
    }

    @Test
    void shouldSwapTheLiveModelAndKeepTheShadowWhenTheyDiffer() throws Exception {
        apply(ModelTopicProtocol.SHADOW_KEY, version("8"));
        apply("tiny", version("9"));
        apply("tiny", incompatible("10"));

        assertEquals(List.of("shadowAccepted 7/8", "accepted 9/8", "rejected 9/8"), seen);
    }
}
