package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JoinCodecTest {

    private static final ScoreEvent SCORE;

    static {
        final Map<String, Double> f = new LinkedHashMap<>();
        f.put("caf\u00e9", 1.25);
        f.put("b", -3.0);
        SCORE = new ScoreEvent("id-\u20ac", new ModelRef("live", "1"), 0.75, Example.Label.SPAM,
                new Example.Shadow(new ModelRef("challenger", "2"), 0.25, Example.Label.HAM), 123L, f);
    }

    @Test
    void shouldRoundTripScoreAndLabelEvents() {
        assertEquals(SCORE, JoinCodec.readEvent(JoinCodec.write(SCORE)));
        final LabelEvent label = new LabelEvent("id-\u20ac", Example.Label.HAM, null, 99L);
        assertEquals(label, JoinCodec.readEvent(JoinCodec.write(label)));
        final ScoreEvent bare = new ScoreEvent("x", new ModelRef("live", "1"), 0.1, Example.Label.HAM, null, 1L, Map.of());
        assertEquals(bare, JoinCodec.readEvent(JoinCodec.write(bare)));
    }

    @Test
    void shouldRoundTripEntriesAndCounters() {
        final JoinEntry both = new JoinEntry(SCORE, 5L, new LabelEvent("id-\u20ac", Example.Label.SPAM, "user", 7L), 900L);
        assertEquals(both, JoinCodec.readEntry(JoinCodec.write(both)));
        final JoinEntry labelOnly = new JoinEntry(null, 0L, new LabelEvent("x", Example.Label.SPAM, null, 7L), 8L);
        assertEquals(labelOnly, JoinCodec.readEntry(JoinCodec.write(labelOnly)));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, JoinCodec.readLongs(JoinCodec.writeLongs(new long[] {1, 2, 3, 4, 5, 6})));
    }

    @Test
    void shouldRefuseAnUnknownVersionOrATruncatedRecord() {
        final byte[] b = JoinCodec.write(SCORE);
        b[0] = 9;
        assertThrows(SerializationException.class, () -> JoinCodec.readEvent(b));
        final byte[] ok = JoinCodec.write(SCORE);
        assertThrows(SerializationException.class, () -> JoinCodec.readEvent(java.util.Arrays.copyOf(ok, ok.length - 3)));
    }
}
