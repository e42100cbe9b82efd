package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.stream.ScoringTopology;
import io.spamscorer.testing.MailModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labels join and the shadow with raw-email input: each model featurizes the message with its own featurizer. */
class EmailFeedbackTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final String SPAM = "spam/00124.db848e36f1b4c2705cbc16ef33a302d4";

    @TempDir
    static Path dir;
    static Path wordsModel;
    static LoadedModel otherModel;

    private TopologyTestDriver driver;
    private ModelHolder models;
    private TestInputTopic<byte[], byte[]> input;
    private TestInputTopic<byte[], byte[]> labels;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<byte[], byte[]> features;
    private TestOutputTopic<byte[], byte[]> examples;
    private TestOutputTopic<byte[], byte[]> shadow;

    @BeforeAll
    static void writeModels() throws IOException {
        wordsModel = dir.resolve("words.json");
        Files.write(wordsModel, ModelLoader.toJson(MailModels.words("mail-words", "1", 5)));
        otherModel = new LoadedModel(MailModels.words("other-words", "2", MailModels.vocabulary().subList(0, 500), 6),
                "test", T0);
    }

    @AfterEach
    void close() {
        if (driver == null) {
            return;
        }
        try {
            for (final TestOutputTopic<byte[], byte[]> t : java.util.List.of(output, dlq, features, examples, shadow)) {
                assertTrue(t.isEmpty(), "unexpected records left");
            }
        } finally {
            driver.close();
        }
    }

    private void start(final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        values.put(ScorerConfig.INPUT_FORMAT, "email");
        values.put(ScorerConfig.MODEL_PATH, wordsModel.toString());
        values.put(ScorerConfig.FEATURES_TOPIC, "emails.extracted");
        values.put(ScorerConfig.LABELS_TOPIC, "emails.labels");
        values.put(ScorerConfig.EXAMPLES_TOPIC, "emails.examples");
        values.put(ScorerConfig.SHADOW_TOPIC, "emails.shadow");
        values.put("state.dir", dir.resolve("state").toString());
        values.putAll(overrides);
        final ScorerConfig config = ScorerConfig.of(values);
        models = ScorerService.loadModelFile(config);
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE), T0);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        labels = driver.createInputTopic("emails.labels", new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        features = driver.createOutputTopic("emails.extracted", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        examples = driver.createOutputTopic("emails.examples", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        shadow = driver.createOutputTopic("emails.shadow", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The named features of the features topic's record (EmailRecords.featureRecord), an independent writer. */
    private static Map<String, Double> namedFeatures(final byte[] record) throws IOException {
        final Map<String, Double> out = new LinkedHashMap<>();
        final JsonNode f = Json.mapper().readTree(record).get("features");
        for (final Map.Entry<String, JsonNode> e : f.properties()) {
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return out;
    }

    @Test
    void shouldCaptureTheFeaturizedVectorIntoTheExampleAndScoreTheShadowWithItsOwnFeaturizer() throws IOException {
        start(Map.of());
        models.swapShadow(otherModel);
        input.pipeInput(utf8("mail-1"), MailModels.bytes(SPAM), T0);
        final byte[] live = output.readValue();
        final byte[] shadowed = shadow.readValue();
        final Map<String, Double> extracted = namedFeatures(features.readValue());
        assertEquals("mail-words", ExampleJsonTestSupport.field(live, "model.name"));
        assertEquals("other-words", ExampleJsonTestSupport.field(shadowed, "model.name"));

        labels.pipeInput(utf8("mail-1"), utf8("{\"id\":\"mail-1\",\"label\":\"spam\",\"source\":\"report-spam\"}"),
                T0.plusSeconds(90));
        final Example e = ExampleJson.read(examples.readValue());
        assertEquals("mail-1", e.id());
        assertEquals("report-spam", e.labelSource());
        assertFalse(e.features().isEmpty());
        assertEquals(extracted, e.features(), "the live model's featurized vector, named and non-zero");
        assertEquals(new ModelRef("other-words", "2"), e.shadow().model());
        assertEquals(ExampleJsonTestSupport.field(shadowed, "label"), e.shadow().predicted().wire());
        assertEquals(Double.parseDouble(ExampleJsonTestSupport.field(shadowed, "spamProbability")),
                e.shadow().spamProbability(), 0.0);
        assertEquals(ExampleJsonTestSupport.field(live, "label"), e.predicted().wire());
    }

    @Test
    void shouldLeaveTheEmailTopologyAsItWasWhenTheFeedbackKeysAreOff() throws IOException {
        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092",
                ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.MODEL_PATH, wordsModel.toString(),
                ScorerConfig.FEATURES_TOPIC, "emails.extracted"));
        assertEquals(Files.readString(Path.of("src/test/resources/feedback/topology-email-before.txt")),
                ScoringTopology.build(config, ScorerService.loadModelFile(config), ScoringListener.NONE).describe().toString());
    }
}
