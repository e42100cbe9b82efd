package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.stream.InvalidRecordException;
import io.spamscorer.stream.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LabelParserTest {

    private static final long RECORD_TIME = 1_000L;

    private static LabelEvent parse(final String key, final String json) {
        return LabelParser.parse(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
    }

    @Test
    void shouldTakeTheIdWhenTheKeyIsNullAndTheRecordTimeWhenThereIsNoAt() {
        final LabelEvent l = parse(null, "{\"id\":\"m1\",\"label\":\"ham\",\"extra\":[1]}");
        assertEquals(new LabelEvent("m1", Example.Label.HAM, null, RECORD_TIME), l);
        assertNull(l.source());
    }

    @Test
    void shouldReadAtAsEpochMillisOrAnIso8601Instant() {
        assertEquals(1_764_950_400_000L, parse("m1", "{\"id\":\"m1\",\"label\":\"spam\",\"at\":1764950400000}").labelAt());
        assertEquals(Instant.parse("2026-12-01T10:15:30Z").toEpochMilli(),
                parse("m1", "{\"id\":\"m1\",\"label\":\"spam\",\"at\":\"2026-12-01T10:15:30Z\"}").labelAt());
        assertEquals(Instant.parse("2026-12-01T09:15:30Z").toEpochMilli(),
                parse("m1", "{\"id\":\"m1\",\"label\":\"spam\",\"at\":\"2026-12-01T10:15:30+01:00\"}").labelAt());
        assertEquals("user", parse("m1", "{\"id\":\"m1\",\"label\":\"spam\",\"source\":\"user\"}").source());
    }

    @Test
    void shouldRefuseWithAReasonAndTheFieldNamed() {
        assertRefused(null, "{\"id\":\"m1\",\"label\":\"Spam\"}", Reason.BAD_LABEL, "label must be");
        assertRefused(null, "{\"id\":\"m1\",\"label\":1}", Reason.BAD_LABEL, "label must be");
        assertRefused(null, "{\"id\":\"\",\"label\":\"spam\"}", Reason.BAD_ID, "id must be");
        assertRefused(null, "{\"id\":5,\"label\":\"spam\"}", Reason.BAD_ID, "id must be");
        assertRefused("other", "{\"id\":\"m1\",\"label\":\"spam\"}", Reason.BAD_ID, "record key");
        assertRefused(null, "{\"id\":\"m1\",\"label\":\"spam\",\"at\":1.5}", Reason.BAD_LABEL, "at must be");
        assertRefused(null, "{\"id\":\"m1\",\"id\":\"m2\",\"label\":\"spam\"}", Reason.NOT_JSON, "not JSON");
        assertRefused(null, "", Reason.EMPTY, "empty");
    }

    private static void assertRefused(final String key, final String json, final Reason reason, final String message) {
        final InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> parse(key, json));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
