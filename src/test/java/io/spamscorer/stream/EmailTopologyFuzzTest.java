package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.testing.MailModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutations of the real messages through the email topology: every input ends as exactly one output record (plus
 * its feature record) or exactly one dead letter with an input reason class, and the stream thread never fails
 * (TopologyTestDriver rethrows what would kill it). Deterministic seed, bounded count.
 */
class EmailTopologyFuzzTest {

    private static final int MUTATIONS = 2_000;
    private static final Set<String> INPUT_REASONS = Set.of("not_email", "empty", "too_large", "undecodable");

    @TempDir
    Path dir;

    @Test
    void shouldEndEveryMutatedMessageOnTheOutputOrTheDeadLetterTopic() throws IOException {
        final Path model = dir.resolve("words.json");
        Files.write(model, ModelLoader.toJson(MailModels.words("fuzz", "1", 1)));
        final ScorerConfig config = ScorerConfig.of(Map.of("bootstrap.servers", "unused:9092",
                ScorerConfig.INPUT_FORMAT, "email", ScorerConfig.MODEL_PATH, model.toString(),
                ScorerConfig.EMAIL_MAX_BYTES, String.valueOf(256 * 1024), ScorerConfig.FEATURES_TOPIC, "emails.extracted"));
        final byte[][] corpus = MailModels.MESSAGES.stream().map(MailModels::bytes).toArray(byte[][]::new);
        final SplittableRandom random = new SplittableRandom(20261130L);
        final Map<String, Integer> outcomes = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ScoringTopology.build(config, ScorerService.loadModelFile(config), ScoringListener.NONE),
                ScoringTopology.streamsProperties(config, ScoringListener.NONE))) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            final TestOutputTopic<byte[], byte[]> output = driver.createOutputTopic(config.outputTopic(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(config.dlqTopic(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            final TestOutputTopic<byte[], byte[]> features = driver.createOutputTopic("emails.extracted",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (int n = 0; n < MUTATIONS; n++) {
                final byte[] value = mutate(corpus[random.nextInt(corpus.length)], corpus, random);
                input.pipeInput(random.nextInt(4) == 0 ? null : ("k" + n).getBytes(StandardCharsets.UTF_8), value,
                        Instant.ofEpochMilli(n));
                final String what = "mutation " + n;
                if (output.isEmpty()) {
                    assertTrue(features.isEmpty(), what);
                    final TestRecord<byte[], byte[]> r = dlq.readRecord();
                    final Header reason = r.headers().lastHeader(DeadLetters.HEADER_REASON);
                    final String label = new String(reason.value(), StandardCharsets.UTF_8);
                    assertTrue(INPUT_REASONS.contains(label), what + " dead-lettered as " + label + ": "
                            + new String(r.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8));
                    outcomes.merge(label, 1, Integer::sum);
                } else {
                    output.readRecord();
                    features.readRecord();
                    outcomes.merge("scored", 1, Integer::sum);
                }
                assertTrue(output.isEmpty() && dlq.isEmpty() && features.isEmpty(), what + " gave more than one record");
            }
        }
        assertEquals(MUTATIONS, outcomes.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(outcomes.getOrDefault("scored", 0) > MUTATIONS / 2, outcomes.toString());
        assertTrue(outcomes.size() >= 3, "the mutations reach several outcomes: " + outcomes);
    }

    private static byte[] mutate(final byte[] original, final byte[][] corpus, final SplittableRandom r) {
        byte[] b = original.clone();
        final int steps = 1 + r.nextInt(4);
        for (int s = 0; s < steps; s++) {
            final int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (r.nextInt(11)) {
                case 0 -> { // flip bytes
                    for (int i = 0; i < 1 + r.nextInt(32) && b.length > 0; i++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                }
                case 1 -> b = Arrays.copyOf(b, at); // truncate
                case 2 -> b = Arrays.copyOfRange(b, at, b.length); // lose the start
                case 3 -> b = splice(b, at, randomBytes(r, 1 + r.nextInt(200)));
                case 4 -> b = splice(b, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + r.nextInt(5000)))); // repeat a slice
                case 5 -> b = splice(b, at, "\r\n--\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                case 6 -> b = replaceAll(b, (byte) '\n', r.nextBoolean() ? (byte) '\r' : 0);
                case 7 -> { // another message's body in the middle
                    final byte[] other = corpus[r.nextInt(corpus.length)];
                    b = splice(b, at, Arrays.copyOfRange(other, r.nextInt(other.length), other.length));
                }
                case 8 -> b = splice(b, at, "=?utf-8?B?////?= =?x-unknown?Q?=ZZ?=\r\n\tContent-Transfer-Encoding: base64\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                case 9 -> b = splice(b, 0, r.nextBoolean() ? "{".getBytes(StandardCharsets.US_ASCII) : new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
                default -> b = splice(b, at, ("<html><a href=\"http://" + "x".repeat(r.nextInt(3000)) + "\">").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return b;
    }

    private static byte[] splice(final byte[] b, final int at, final byte[] insert) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.write(insert, 0, insert.length);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static byte[] replaceAll(final byte[] b, final byte from, final byte to) {
        final byte[] c = b.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == from) {
                c[i] = to;
            }
        }
        return c;
    }

    private static byte[] randomBytes(final SplittableRandom r, final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
