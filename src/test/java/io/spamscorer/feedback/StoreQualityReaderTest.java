package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

class StoreQualityReaderTest {

    @Test
    void shouldReadNoFiguresWhileTheStoreIsNotQueryable() {
        final StoreQualityReader reader = new StoreQualityReader(() -> {
            throw new InvalidStateStoreException("rebalancing");
        }, Clock.systemUTC());
        assertTrue(reader.read().isEmpty());
        assertEquals(0, reader.unmatchedLabels());
    }

    @Test
    void shouldGiveNoReaderWhenTheLabelsTopicIsOff() {
        final ScorerConfig off = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092"));
        assertSame(QualityReader.NONE, QualityReaders.of(null, off));
    }
}
