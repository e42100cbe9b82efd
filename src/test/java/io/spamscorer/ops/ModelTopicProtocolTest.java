package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.model.ModelException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelTopicProtocolTest {

    @Test
    void shouldTellTheShadowSlotFromModelNamesAndKeylessRecords() {
        assertTrue(ModelTopicProtocol.isShadowKey("spam-scorer.shadow".getBytes(StandardCharsets.UTF_8)));
        assertFalse(ModelTopicProtocol.isShadowKey("spam".getBytes(StandardCharsets.UTF_8)));
        assertFalse(ModelTopicProtocol.isShadowKey(null));
        assertArrayEquals("spam".getBytes(StandardCharsets.UTF_8), ModelTopicProtocol.liveKey("spam"));
    }

    @Test
    void shouldRefuseALiveModelNamedLikeTheShadowSlot() {
        final ModelException e = assertThrows(ModelException.class, () -> ModelTopicProtocol.liveKey("spam-scorer.shadow"));
        assertEquals("model.name 'spam-scorer.shadow' is reserved for the shadow slot of the model topic; give the model"
                + " another name", e.getMessage());
    }

    @Test
    void shouldUseOneTransactionalIdPerModelTopic() {
        assertEquals("spam-scorer-promote-spam-scorer.models", ModelTopicProtocol.promoteTransactionalId("spam-scorer.models"));
    }
}
