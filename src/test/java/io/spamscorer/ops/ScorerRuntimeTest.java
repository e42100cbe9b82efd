package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What building the Kafka Streams client from the production configuration does, short of connecting. */
class ScorerRuntimeTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldCreateTheStreamsClientWithoutKafkaStreamsWarnings() {
        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "127.0.0.1:1",
                ScorerConfig.MODEL_PATH, "src/test/resources/tiny-model.json", "state.dir", stateDir.toString()));
        final ModelHolder models = new ModelHolder(new LoadedModel(ModelLoader.load(config.modelPath()), "test", Instant.EPOCH));
        final Logger streamsLogger = (Logger) LoggerFactory.getLogger("org.apache.kafka.streams");
        final ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        streamsLogger.addAppender(events);
        try {
            // Constructing creates the stream thread with its consumer and partition assignor; the 4.4 assignor
            // warned about the global processing handler opt-in until its consumer settings carried it too.
            new ScorerRuntime(config, models, ScoringListener.NONE).close();
        } finally {
            streamsLogger.detachAppender(events);
        }

        final List<String> warnings = events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertEquals(List.of(), warnings);
    }
}
