package io.spamscorer.it;

import static io.spamscorer.it.SharedKafka.header;
import static io.spamscorer.it.SharedKafka.string;
import static io.spamscorer.it.SharedKafka.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.stream.DeadLetters;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.testing.MailModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw RFC 5322 messages through the real broker and the production startup ({@link ScorerService}): every input
 * ends exactly once on the output or the dead-letter topic across a restart, scored as the model scores it, with its
 * feature record in the same transaction; and a model without featurizer on the model topic is rejected.
 */
class EmailScoringIT {

    private static final int ROUNDS = 15;
    private static final EmailParser PARSER = new EmailParser(EmailLimits.defaults());
    private static final List<byte[]> BAD = List.of(utf8("{\"id\":\"m\",\"features\":[1,2,3]}"), new byte[] {0, 1, 2, 3},
            new byte[0], new byte[70_000]);
    private static final List<String> BAD_REASONS = List.of("not_email", "not_email", "empty", "too_large");

    @TempDir
    Path tmp;

    private ScorerConfig config(final SharedKafka.Topics topics, final String features, final Path model,
                                final Path stateDir, final String appId) {
        return SharedKafka.config(topics, stateDir, Map.of("application.id", appId, ScorerConfig.INPUT_FORMAT, "email",
                ScorerConfig.MODEL_PATH, model.toString(), ScorerConfig.FEATURES_TOPIC, features,
                ScorerConfig.EMAIL_MAX_BYTES, "65536", ScorerConfig.HTTP_PORT, "0"));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readFeatures(final String topic, final int expected)
            throws InterruptedException {
        return SharedKafka.readAll(List.of(topic), expected);
    }

    @Test
    void shouldScoreOrDeadLetterEveryRawMessageExactlyOnceAcrossARestart() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("email-eos", 2);
        final String featuresTopic = topics.input() + ".features";
        SharedKafka.broker().createTopics(Map.of(featuresTopic, 2));
        final Model model = MailModels.words("mail-words", "1", 5);
        final Path modelFile = tmp.resolve("words.json");
        Files.write(modelFile, ModelLoader.toJson(model));
        final String appId = SharedKafka.uniqueName("email-eos-app");

        // key -> message name (scored) or bad-case index (dead-lettered)
        final Map<String, Object> sent = new LinkedHashMap<>();
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (final String name : MailModels.MESSAGES) {
                final String key = "m-" + round + "-" + name;
                sent.put(key, name);
                records.add(new ProducerRecord<>(topics.input(), utf8(key), MailModels.bytes(name)));
            }
            final int bad = round % BAD.size();
            final String key = "bad-" + round;
            sent.put(key, bad);
            records.add(new ProducerRecord<>(topics.input(), utf8(key), BAD.get(bad)));
        }

        try (SharedKafka.Results results = new SharedKafka.Results(topics);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            final int half = records.size() / 2;
            try (ScorerService first = ScorerService.start(config(topics, featuresTopic, modelFile, tmp.resolve("a"), appId),
                    ScoringListener.NONE, ModelEvents.NONE)) {
                assertEquals("mail-words", first.models().model().name());
                for (final ProducerRecord<byte[], byte[]> r : records.subList(0, half)) {
                    producer.send(r).get(30, TimeUnit.SECONDS);
                }
                results.awaitAtLeast(half / 3);
            }
            try (ScorerService second = ScorerService.start(config(topics, featuresTopic, modelFile, tmp.resolve("b"), appId),
                    ScoringListener.NONE, ModelEvents.NONE)) {
                assertEquals("mail-words", second.models().model().name());
                for (final ProducerRecord<byte[], byte[]> r : records.subList(half, records.size())) {
                    producer.send(r).get(30, TimeUnit.SECONDS);
                }
                results.awaitAtLeast(records.size());
            }
            final List<ConsumerRecord<byte[], byte[]>> out = results.drain();
            assertEquals(records.size(), out.size(), "output + dead letters = input");
            final Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
            for (final ConsumerRecord<byte[], byte[]> r : out) {
                assertNull(byKey.put(string(r.key()), r), "twice: " + string(r.key()));
            }
            assertEquals(sent.keySet(), byKey.keySet());
            int scored = 0;
            for (final Map.Entry<String, Object> e : sent.entrySet()) {
                final ConsumerRecord<byte[], byte[]> r = byKey.get(e.getKey());
                if (e.getValue() instanceof String name) {
                    assertEquals(topics.output(), r.topic(), e.getKey());
                    final JsonNode json = Json.mapper().readTree(r.value());
                    final byte[] raw = MailModels.bytes(name);
                    assertEquals(model.score(model.featurizer().featurize(PARSER.parse(raw)).toDense(), 3).logit(),
                            json.get("logit").asDouble(), 0.0, e.getKey());
                    assertEquals(e.getKey(), json.get("id").asText());
                    scored++;
                } else {
                    assertEquals(topics.dlq(), r.topic(), e.getKey());
                    assertEquals(BAD_REASONS.get((Integer) e.getValue()), header(r, DeadLetters.HEADER_REASON), e.getKey());
                    // a too_large dead letter keeps only the message's head, and says how long it was
                    final byte[] original = BAD.get((Integer) e.getValue());
                    final boolean cut = original.length > DeadLetters.TOO_LARGE_KEPT_BYTES;
                    assertTrue(Arrays.equals(cut ? Arrays.copyOf(original, DeadLetters.TOO_LARGE_KEPT_BYTES) : original,
                            r.value()), e.getKey());
                    assertEquals(cut ? String.valueOf(original.length) : null, header(r, DeadLetters.HEADER_VALUE_BYTES),
                            e.getKey());
                }
            }
            final List<ConsumerRecord<byte[], byte[]>> features = readFeatures(featuresTopic, scored);
            assertEquals(scored, features.size(), "one feature record per scored message, committed with it");
            final List<String> featureKeys = new ArrayList<>();
            features.forEach(f -> featureKeys.add(string(f.key())));
            Collections.sort(featureKeys);
            final List<String> scoredKeys = new ArrayList<>();
            sent.forEach((k, v) -> {
                if (v instanceof String) {
                    scoredKeys.add(k);
                }
            });
            Collections.sort(scoredKeys);
            assertEquals(scoredKeys, featureKeys);
        }
    }

    @Test
    void shouldNameAMissingFeaturesTopicAtStartup() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("email-missing", 1);
        final String featuresTopic = topics.input() + ".features";
        final Path modelFile = tmp.resolve("words.json");
        Files.write(modelFile, ModelLoader.toJson(MailModels.words("mail-words", "1", 5)));
        final ScorerConfig config = config(topics, featuresTopic, modelFile, tmp.resolve("m"), SharedKafka.uniqueName("m"));
        final ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE).close());
        assertTrue(e.getMessage().startsWith("missing topic(s): " + featuresTopic + ";"), e.getMessage());
    }

    @Test
    void shouldRejectAPublishedModelWithoutFeaturizerAndTakeAnotherVocabulary() throws Exception {
        final SharedKafka.Topics topics = SharedKafka.createTopics("email-swap", 1);
        final String featuresTopic = topics.input() + ".features";
        SharedKafka.broker().createTopics(Map.of(featuresTopic, 1));
        final Path modelFile = tmp.resolve("words.json");
        Files.write(modelFile, ModelLoader.toJson(MailModels.words("mail-words", "1", 5)));
        final List<String> rejected = Collections.synchronizedList(new ArrayList<>());
        final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
        final ModelEvents events = new ModelEvents() {
            @Override
            public void accepted(final LoadedModel model) {
                accepted.add(model.model().name());
            }

            @Override
            public void rejected(final String source, final String reason) {
                rejected.add(reason);
            }
        };
        try (ScorerService service = ScorerService.start(config(topics, featuresTopic, modelFile, tmp.resolve("s"),
                SharedKafka.uniqueName("email-swap-app")), ScoringListener.NONE, events);
             KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
            producer.send(new ProducerRecord<>(topics.models(), utf8("plain"),
                    Files.readAllBytes(Path.of("config/model.json")))).get(30, TimeUnit.SECONDS);
            SharedKafka.await("the plain model to be rejected", () -> !rejected.isEmpty());
            assertTrue(rejected.get(0).startsWith("model.featurizer is missing, but scorer.input.format is email"),
                    rejected.get(0));
            assertEquals("mail-words", service.models().model().name(), "the current model stays");

            final Model other = MailModels.words("other-words", "2", MailModels.vocabulary().subList(0, 300), 9);
            producer.send(new ProducerRecord<>(topics.models(), utf8("other"), ModelLoader.toJson(other)))
                    .get(30, TimeUnit.SECONDS);
            SharedKafka.await("the other vocabulary to be accepted", () -> accepted.contains("other-words"));
            final byte[] raw = MailModels.bytes(MailModels.MESSAGES.get(0));
            producer.send(new ProducerRecord<>(topics.input(), utf8("after-swap"), raw)).get(30, TimeUnit.SECONDS);
            final List<ConsumerRecord<byte[], byte[]>> out = SharedKafka.readAll(topics.results(), 1);
            assertEquals(1, out.size());
            final JsonNode json = Json.mapper().readTree(out.get(0).value());
            assertEquals("other-words", json.at("/model/name").asText());
            assertEquals(other.score(other.featurizer().featurize(PARSER.parse(raw)), 3).logit(),
                    json.get("logit").asDouble(), 0.0);
        }
    }
}
