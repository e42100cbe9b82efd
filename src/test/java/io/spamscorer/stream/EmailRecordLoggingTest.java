package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.testing.MailModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** An email id taken from a key or a Message-ID cannot forge a log line at DEBUG either. */
class EmailRecordLoggingTest {

    @TempDir
    Path dir;

    @Test
    void shouldEscapeControlCharactersInEmailIdsLoggedAtDebug() throws IOException {
        final Path model = dir.resolve("words.json");
        Files.write(model, ModelLoader.toJson(MailModels.words("w", "1", List.of("free", "money"), 1)));
        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092",
                ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.MODEL_PATH, model.toString()));
        final Logger logger = (Logger) LoggerFactory.getLogger("io.spamscorer.stream");
        final ListAppender<ILoggingEvent> events = new ListAppender<>();
        final Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
        try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(config,
                ScorerService.loadModelFile(config), ScoringListener.NONE), config.streamsProperties())) {
            driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput("m1\r\n2026-11-30 ERROR forged\u001b[2J".getBytes(StandardCharsets.UTF_8),
                            "Subject: free money\r\n\r\nfree\r\n".getBytes(StandardCharsets.US_ASCII), Instant.EPOCH);
        } finally {
            logger.detachAppender(events);
            logger.setLevel(previous);
        }
        final List<String> lines = events.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("m1")).toList();
        assertEquals(1, lines.size(), events.list.toString());
        assertTrue(lines.get(0).chars().noneMatch(c -> c < 0x20), "control characters reach the log: " + lines.get(0));
        assertTrue(lines.get(0).contains("m1\\r\\n2026-11-30 ERROR forged\\u001b[2J"), lines.get(0));
    }
}
