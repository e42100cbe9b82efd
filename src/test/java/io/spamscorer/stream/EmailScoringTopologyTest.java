package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.features.Featurizer;
import io.spamscorer.features.SparseVector;
import io.spamscorer.json.Json;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.mail.InvalidEmailException;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Score;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.testing.MailModels;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scorer.input.format=email} through TopologyTestDriver, built from the production config loader and builder. */
class EmailScoringTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final String SPAM = "spam/00124.db848e36f1b4c2705cbc16ef33a302d4";
    private static final String SPAM_MESSAGE_ID = "26b38101c24dfa$5616c210$0906fea9@freeyankeedom.com";
    private static final EmailParser PARSER = new EmailParser(EmailLimits.defaults());

    @TempDir
    static Path dir;
    static Path wordsModel;
    static Path otherModel;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> output;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<byte[], byte[]> features;
    private ModelHolder models;
    private ScorerConfig config;
    private final List<Reason> deadLettered = new ArrayList<>();
    private final List<ScoredRecord> scored = new ArrayList<>();

    @BeforeAll
    static void writeModels() throws IOException {
        wordsModel = dir.resolve("words.json");
        Files.write(wordsModel, ModelLoader.toJson(MailModels.words("mail-words", "1", 5)));
        otherModel = dir.resolve("other.json");
        Files.write(otherModel, ModelLoader.toJson(MailModels.words("other-words", "2",
                MailModels.vocabulary().subList(0, 500), 6)));
    }

    private void start(final Map<String, String> overrides) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        values.put(ScorerConfig.INPUT_FORMAT, "email");
        values.put(ScorerConfig.MODEL_PATH, wordsModel.toString());
        values.put(ScorerConfig.FEATURES_TOPIC, "emails.extracted");
        values.putAll(overrides);
        config = ScorerConfig.of(values);
        models = ScorerService.loadModelFile(config);
        final ScoringListener listener = new ScoringListener() {
            @Override
            public void scored(final ScoredRecord record, final long inputTimestampMillis, final long nanos) {
                scored.add(record);
            }

            @Override
            public void deadLettered(final Reason reason) {
                deadLettered.add(reason);
            }
        };
        driver = new TopologyTestDriver(ScoringTopology.build(config, models, listener),
                ScoringTopology.streamsProperties(config, listener));
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(config.outputTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        features = driver.createOutputTopic("emails.extracted", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver == null) {
            return;
        }
        try {
            assertTrue(output.isEmpty(), "unexpected output records");
            assertTrue(dlq.isEmpty(), "unexpected dead-letter records");
            assertTrue(features.isEmpty(), "unexpected feature records");
        } finally {
            driver.close();
        }
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(final TestRecord<byte[], byte[]> r, final String name) {
        final Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(final byte[] b) throws IOException {
        return Json.mapper().readTree(b);
    }

    /** The expected score, computed on the dense path from an independent parse and featurization. */
    private static Score expected(final Model m, final byte[] raw, final int topK) {
        return m.score(m.featurizer().featurize(PARSER.parse(raw)).toDense(), topK);
    }

    @Test
    void shouldScoreARealMessageAndExplainItWithTheModelsWords() throws IOException {
        start(Map.of());
        final byte[] raw = MailModels.bytes(SPAM);
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", utf8("t-1"));
        input.pipeInput(new TestRecord<>(utf8("k1"), raw, headers, T0));
        final TestRecord<byte[], byte[]> r = output.readRecord();
        final JsonNode out = json(r.value());
        final Score s = expected(models.model(), raw, 3);
        assertArrayEquals(utf8("k1"), r.key());
        assertEquals("t-1", header(r, "trace"));
        assertEquals(T0, r.getRecordTime());
        assertEquals(List.of("id", "spamProbability", "label", "logit", "threshold", "model", "scoredAt", "topFeatures"),
                fieldNames(out));
        assertEquals("k1", out.get("id").asText());
        assertEquals(s.logit(), out.get("logit").asDouble(), 0.0);
        assertEquals(s.spamProbability(), out.get("spamProbability").asDouble(), 0.0);
        assertEquals(s.label(), out.get("label").asText());
        assertEquals("mail-words", out.at("/model/name").asText());
        assertEquals("1", out.at("/model/version").asText());
        assertEquals(3, out.get("topFeatures").size());
        final Email email = PARSER.parse(raw);
        for (int i = 0; i < 3; i++) {
            final String word = out.at("/topFeatures/" + i + "/feature").asText();
            assertEquals(s.topFeatures().get(i).feature(), word);
            assertEquals(s.topFeatures().get(i).contribution(), out.at("/topFeatures/" + i + "/contribution").asDouble(), 0.0);
            assertTrue(contains(models.model().featurizer().featurize(email), models.model().indexOf(word)),
                    word + " is a token of the message");
        }
        assertEquals(1, scored.size());
        features.readRecord();
    }

    private static boolean contains(final SparseVector x, final int index) {
        return Arrays.binarySearch(x.indices(), index) >= 0;
    }

    private static List<String> fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void shouldScoreEveryRealMessageExactlyAsTheDensePath() throws IOException {
        start(Map.of(ScorerConfig.EXPLAIN_TOP, "10"));
        for (final String name : MailModels.MESSAGES) {
            final byte[] raw = MailModels.bytes(name);
            input.pipeInput(utf8(name), raw, T0);
            final JsonNode out = json(output.readValue());
            final Score s = expected(models.model(), raw, 10);
            assertEquals(Double.doubleToRawLongBits(s.logit()), Double.doubleToRawLongBits(out.get("logit").asDouble()), name);
            assertEquals(s.topFeatures().size(), out.get("topFeatures").size(), name);
            features.readRecord();
        }
    }

    @Test
    void shouldScoreAMessageWithHeadersAndAnEmptyBody() throws IOException {
        start(Map.of());
        input.pipeInput(utf8("k"), utf8("From: a@example.com\r\nSubject: free money\r\n\r\n"), T0);
        final JsonNode out = json(output.readValue());
        assertEquals("k", out.get("id").asText());
        assertTrue(out.get("topFeatures").size() <= 3);
        features.readRecord();
    }

    @Test
    void shouldTakeTheIdFromTheKeyThenTheMessageIdThenTheSha256() throws IOException {
        start(Map.of());
        final byte[] raw = MailModels.bytes(SPAM);
        input.pipeInput(null, raw, T0);
        TestRecord<byte[], byte[]> r = output.readRecord();
        assertEquals(SPAM_MESSAGE_ID, json(r.value()).get("id").asText());
        assertArrayEquals(utf8(SPAM_MESSAGE_ID), r.key());

        input.pipeInput(utf8("  "), raw, T0); // a blank key is no id, but stays the output key
        r = output.readRecord();
        assertEquals(SPAM_MESSAGE_ID, json(r.value()).get("id").asText());
        assertArrayEquals(utf8("  "), r.key());

        final byte[] noId = utf8("From: a@example.com\r\nSubject: hello\r\n\r\nno message id here\r\n");
        input.pipeInput(null, noId, T0);
        r = output.readRecord();
        final String sha = "sha256:" + HexFormat.of().formatHex(sha256(noId));
        assertEquals(sha, json(r.value()).get("id").asText());
        assertArrayEquals(utf8(sha), r.key());

        final byte[] binaryKey = {(byte) 0xff, 0x00, (byte) 0xc0, (byte) 0xaf};
        input.pipeInput(binaryKey, raw, T0);
        r = output.readRecord();
        assertEquals("hex:ff00c0af", json(r.value()).get("id").asText());
        assertArrayEquals(binaryKey, r.key());

        input.pipeInput(utf8("caf\u00e9"), raw, T0);
        assertEquals("caf\u00e9", json(output.readValue()).get("id").asText());
        for (int i = 0; i < 5; i++) {
            features.readRecord();
        }
    }

    private static byte[] sha256(final byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestRecord<byte[], byte[]> singleDeadLetter(final byte[] key, final byte[] value) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", utf8("t-9"));
        input.pipeInput(new TestRecord<>(key, value, headers, T0));
        assertTrue(output.isEmpty(), "a bad record must not reach the output topic");
        assertTrue(features.isEmpty(), "nor the features topic");
        final TestRecord<byte[], byte[]> r = dlq.readRecord();
        assertTrue(dlq.isEmpty(), "exactly one dead-letter record per bad input");
        assertArrayEquals(key, r.key());
        assertArrayEquals(value, r.value());
        assertEquals("t-9", header(r, "trace"));
        assertEquals(T0, r.getRecordTime());
        assertEquals(config.inputTopic(), header(r, DeadLetters.HEADER_TOPIC));
        return r;
    }

    @Test
    void shouldDeadLetterWhatIsNotAMessageWithItsReasonClass() {
        start(Map.of(ScorerConfig.EMAIL_MAX_BYTES, "1024"));
        final TestRecord<byte[], byte[]> json = singleDeadLetter(utf8("j"), utf8("{\"id\":\"m\",\"features\":[1,2,3]}"));
        assertEquals("not_email", header(json, DeadLetters.HEADER_REASON));
        assertTrue(header(json, DeadLetters.HEADER_MESSAGE).contains("JSON"), header(json, DeadLetters.HEADER_MESSAGE));

        final byte[] junk = new byte[600];
        new java.util.Random(3).nextBytes(junk);
        junk[0] = 0;
        assertEquals("not_email", header(singleDeadLetter(utf8("b"), junk), DeadLetters.HEADER_REASON));

        final TestRecord<byte[], byte[]> empty = singleDeadLetter(utf8("e"), new byte[0]);
        assertEquals("empty", header(empty, DeadLetters.HEADER_REASON));
        assertEquals("empty", header(singleDeadLetter(utf8("w"), utf8(" \r\n\t ")), DeadLetters.HEADER_REASON));

        final byte[] big = Arrays.copyOf(MailModels.bytes(SPAM), 1025);
        final TestRecord<byte[], byte[]> large = singleDeadLetter(utf8("l"), big);
        assertEquals("too_large", header(large, DeadLetters.HEADER_REASON));
        assertEquals("message is 1025 bytes, over the 1024-byte limit (scorer.email.max.bytes)",
                header(large, DeadLetters.HEADER_MESSAGE));

        input.pipeInput(utf8("t"), null, T0);
        final TestRecord<byte[], byte[]> tomb = dlq.readRecord();
        assertEquals("tombstone", header(tomb, DeadLetters.HEADER_REASON));
        assertEquals("value is null (a tombstone); expected a raw RFC 5322 message", header(tomb, DeadLetters.HEADER_MESSAGE));
        assertNull(tomb.value());
        assertEquals(List.of(Reason.NOT_EMAIL, Reason.NOT_EMAIL, Reason.EMPTY, Reason.EMPTY, Reason.TOO_LARGE,
                Reason.TOMBSTONE), deadLettered);
    }

    @Test
    void shouldDeadLetterA50MegabyteValueAsTooLargeBeforeLookingAtItKeepingOnlyItsHead() {
        start(Map.of());
        // JSON by its first byte: were it parsed, it would be not_email
        final byte[] huge = new byte[50 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        huge[0] = '{';
        input.pipeInput(utf8("huge"), huge, T0);
        final TestRecord<byte[], byte[]> r = dlq.readRecord();
        assertEquals("too_large", header(r, DeadLetters.HEADER_REASON));
        assertEquals("message is 52428800 bytes, over the 10485760-byte limit (scorer.email.max.bytes)",
                header(r, DeadLetters.HEADER_MESSAGE));
        assertArrayEquals(Arrays.copyOf(huge, DeadLetters.TOO_LARGE_KEPT_BYTES), r.value());
        assertEquals("52428800", header(r, DeadLetters.HEADER_VALUE_BYTES));
        assertEquals("huge", new String(r.key(), StandardCharsets.UTF_8));
        assertTrue(dlq.isEmpty());
        assertTrue(output.isEmpty());
    }

    @Test
    void shouldMapEveryParserReasonClassToADeadLetterReason() throws IllegalAccessException {
        int classes = 0;
        for (final Field f : InvalidEmailException.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                final String reasonClass = (String) f.get(null);
                assertEquals(reasonClass, EmailRecords.reasonOf(reasonClass).label(), f.getName());
                classes++;
            }
        }
        assertTrue(classes >= 4, classes + " reason classes");
    }

    @Test
    void shouldWriteTheExtractedVectorAsANamedFeatureRecordThatReplaysToTheSameScore() throws IOException {
        start(Map.of());
        final byte[] raw = MailModels.bytes(SPAM);
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", utf8("t-2"));
        input.pipeInput(new TestRecord<>(null, raw, headers, T0));
        final TestRecord<byte[], byte[]> scoredRecord = output.readRecord();
        final TestRecord<byte[], byte[]> f = features.readRecord();
        assertArrayEquals(scoredRecord.key(), f.key());
        assertEquals("t-2", header(f, "trace"));
        assertEquals(T0, f.getRecordTime());
        final JsonNode record = json(f.value());
        assertEquals(List.of("id", "features"), fieldNames(record));
        assertEquals(SPAM_MESSAGE_ID, record.get("id").asText());
        final SparseVector x = models.model().featurizer().featurize(PARSER.parse(raw));
        assertEquals(x.size(), record.get("features").size(), "non-zero features only");
        for (int k = 0; k < x.size(); k++) {
            assertEquals(x.value(k), record.get("features").get(models.model().features().get(x.index(k))).asDouble(), 0.0);
        }
        final double logit = json(scoredRecord.value()).get("logit").asDouble();
        driver.close();
        driver = null;
        // the same model, reading the features topic in the features format
        final Map<String, String> replay = Map.of("bootstrap.servers", "unused:9092", ScorerConfig.MODEL_PATH,
                wordsModel.toString(), ScorerConfig.FEATURES_MISSING, "zero", ScorerConfig.INPUT_TOPIC, "emails.extracted");
        final ScorerConfig replayConfig = ScorerConfig.of(replay);
        try (TopologyTestDriver d = new TopologyTestDriver(ScoringTopology.build(replayConfig,
                ScorerService.loadModelFile(replayConfig), ScoringListener.NONE), replayConfig.streamsProperties())) {
            d.createInputTopic("emails.extracted", new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput(f.key(), f.value(), T0);
            final JsonNode again = json(d.createOutputTopic(replayConfig.outputTopic(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readValue());
            assertEquals(Double.doubleToRawLongBits(logit), Double.doubleToRawLongBits(again.get("logit").asDouble()));
        }
    }

    @Test
    void shouldHaveNoFeaturesSinkWhenTheFeaturesTopicIsOff() {
        start(Map.of(ScorerConfig.FEATURES_TOPIC, ""));
        assertFalse(ScoringTopology.build(config, models, ScoringListener.NONE).describe().toString()
                .contains(EmailScoringProcessor.FEATURES));
        input.pipeInput(utf8("k"), MailModels.bytes(SPAM), T0);
        output.readRecord();
    }

    /** Wraps model A's featurizer so that featurizing swaps the holder to model B, as the watcher thread could. */
    private static final class SwappingFeaturizer implements Featurizer {
        private final Featurizer delegate;
        private final ModelHolder holder;
        private final LoadedModel next;

        SwappingFeaturizer(final Featurizer delegate, final ModelHolder holder, final LoadedModel next) {
            this.delegate = delegate;
            this.holder = holder;
            this.next = next;
        }

        @Override
        public String type() {
            return delegate.type();
        }

        @Override
        public List<String> featureNames() {
            return delegate.featureNames();
        }

        @Override
        public SparseVector featurize(final Email email) {
            holder.swap(next);
            return delegate.featurize(email);
        }

        @Override
        public ObjectNode spec() {
            return delegate.spec();
        }
    }

    @Test
    void shouldScoreEachRecordWithOneModelWhenTheModelIsSwappedMidRecord() throws IOException {
        start(Map.of(ScorerConfig.FEATURES_TOPIC, ""));
        final Model a = models.model();
        final Model b = ModelLoader.load(otherModel);
        final Model swapping = Model.builder().name(a.name()).version(a.version()).features(a.features())
                .weights(a.weights()).bias(a.bias()).threshold(a.threshold())
                .featurizer(new SwappingFeaturizer(a.featurizer(), models, new LoadedModel(b, "topic", T0))).build();
        models.swap(new LoadedModel(swapping, "file", T0));
        final byte[] raw = MailModels.bytes(SPAM);
        input.pipeInput(utf8("first"), raw, T0);
        input.pipeInput(utf8("second"), raw, T0);
        final JsonNode first = json(output.readValue());
        final JsonNode second = json(output.readValue());
        assertEquals("mail-words", first.at("/model/name").asText(), "featurized by A, so weighted by A");
        assertEquals(expected(a, raw, 3).logit(), first.get("logit").asDouble(), 0.0);
        assertEquals("other-words", second.at("/model/name").asText());
        assertEquals(expected(b, raw, 3).logit(), second.get("logit").asDouble(), 0.0);
        assertNotEquals(first.get("logit").asDouble(), second.get("logit").asDouble());
    }

    @Test
    void shouldRefuseToStartWithAModelWithoutFeaturizerNamingTheModelPath() throws IOException {
        final Path plain = dir.resolve("plain.json");
        Files.write(plain, ModelLoader.toJson(ModelLoader.load(Path.of("config/model.json"))));
        final ScorerConfig c = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092",
                ScorerConfig.INPUT_FORMAT, "EMAIL", ScorerConfig.MODEL_PATH, plain.toString()));
        final ConfigurationException e = assertThrows(ConfigurationException.class, () -> ScorerService.loadModelFile(c));
        assertTrue(e.getMessage().startsWith("scorer.model.path = '" + plain + "' (from given) is invalid: model "
                + "spambase-logreg@1"), e.getMessage());
        assertTrue(e.getMessage().contains("model.featurizer is missing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
