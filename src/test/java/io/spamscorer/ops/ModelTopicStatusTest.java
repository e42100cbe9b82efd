package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelTopicStatusTest {

    @Test
    void shouldSayWhySinceWhenAndThatScoringGoesOnUntilTheTopicIsBack() {
        final ModelTopicStatus status = new ModelTopicStatus("models");
        assertNull(status.problem());
        assertTrue(status.failed("the topic does not exist", Instant.parse("2026-11-30T10:00:00Z")));
        assertFalse(status.failed("still gone", Instant.parse("2026-11-30T10:00:05Z")), "only the first failure is news");
        assertEquals("model topic models is unavailable since 2026-11-30T10:00:00Z: still gone; still scoring with the "
                + "current model", status.problem());
        assertEquals(2, status.errors());
        assertTrue(status.recovered());
        assertNull(status.problem());
        assertTrue(status.available());
    }
}
