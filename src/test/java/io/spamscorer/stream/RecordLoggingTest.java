package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Record-derived text in log lines (at DEBUG, where ids are logged) cannot forge a log line. */
class RecordLoggingTest {

    private static final Instant T0 = Instant.parse("2026-11-28T17:00:00Z");

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.spamscorer.stream");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level previous;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;

    @BeforeEach
    void start() {
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092",
                ScorerConfig.MODEL_PATH, "src/test/resources/tiny-model.json"));
        final ModelHolder models = new ModelHolder(new LoadedModel(ModelLoader.load(config.modelPath()), "test", T0));
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE));
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        logger.detachAppender(events);
        logger.setLevel(previous);
    }

    @Test
    void shouldEscapeControlCharactersInRecordIdsLoggedAtDebug() {
        // JSON escapes reach the parsed id as a real CR, LF and ESC.
        input.pipeInput(utf8("k"), utf8("{\"id\":\"m1\\r\\n2026-11-28T17:00:00.000Z ERROR [main] forged - x\\u001b[2J\","
                + "\"features\":[1,2,3]}"), T0);

        final List<String> lines = events.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("m1")).toList();
        assertEquals(1, lines.size(), events.list.toString());
        final String line = lines.get(0);
        assertTrue(line.chars().noneMatch(c -> c < 0x20), "control characters reach the log: " + line);
        assertTrue(line.contains("m1\\r\\n2026-11-28T17:00:00.000Z ERROR [main] forged - x\\u001b[2J"), line);
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
