package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster that cannot be read is a retryable failure naming the topic, not bad input. */
class RetrainTopicsTest {

    private static final ScorerConfig NO_BROKER = ScorerConfig.of(Map.of(
            "application.id", "retrain-test",
            "bootstrap.servers", "localhost:1",
            "scorer.model.path", "config/model.json"));

    @Test
    void examplesOnAnUnreachableClusterFailNamingTheTopic() {
        final TopicReadException e = assertThrows(TopicReadException.class,
                () -> RetrainTopics.examples(NO_BROKER, "labelled-examples", Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("cannot read labelled-examples: "), e.getMessage());
    }

    @Test
    void theLiveModelFallsBackToTheFileAndSaysWhy() {
        final RetrainTopics.Live live = RetrainTopics.liveOrFile(NO_BROKER, Duration.ofSeconds(1));
        assertTrue(live.source().startsWith("scorer.model.path=config/model.json (cannot read "), live.source());
    }
}
