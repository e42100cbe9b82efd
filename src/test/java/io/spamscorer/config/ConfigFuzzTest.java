package io.spamscorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruptions of config/spam-scorer.properties — unknown scorer.* keys, bad values, bad numbers and
 * durations, blank required keys, broken escapes and bytes, environment overrides — must give either a
 * {@link ConfigurationException} whose message names the key (or the file), or a configuration that is still fully
 * valid. Never another exception type. Seeds are fixed.
 */
class ConfigFuzzTest {

    private static final Path SHIPPED = Path.of("config", "spam-scorer.properties");
    private static final long SEED = 0xF00DL;
    private static final int CASES = 1_500;
    private static final List<String> KAFKA_KEYS = List.of("bootstrap.servers", "application.id", "processing.guarantee",
            "num.stream.threads", "commit.interval.ms", "session.timeout.ms", "state.dir", "replication.factor",
            "max.task.idle.ms", "default.deserialization.exception.handler", "errors.dead.letter.queue.topic.name",
            "poll.ms", "num.standby.replicas", "consumer.session.timeout.ms", "producer.compression.type");
    private static final String[] BAD_VALUES = {"", " ", "abc", "-1", "0", "1.5", "99999999999999999999", "2147483648",
        "-2147483649", "1e3", "0x10", "true", "yes", "null", "NaN", "30 sec", "1d", "-5s", "9999999999999999h",
        "9223372036854775807ms", "9223372036854775807", "9999999999999h", "10m", "500ms", "a b", "emails..x", "..", ".", "x".repeat(250),
        "topic/with/slash", "ünïcödé", "reject", "ZERO", "exactly_once", "at_least_once", "\\u0000"};

    @TempDir
    Path tmp;

    @Test
    void shouldRejectEveryCorruptedConfigClearlyOrAcceptAFullyValidOne() throws IOException {
        final Properties base = shipped();
        final SplittableRandom random = new SplittableRandom(SEED);
        final Map<String, int[]> outcomes = new TreeMap<>();
        final Map<String, String> failures = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            final Corruption c = corrupt(base, random);
            final Path file = tmp.resolve("case-" + i + ".properties");
            Files.write(file, c.file());
            final ScorerConfig config;
            try {
                config = ScorerConfig.load(file, c.env());
            } catch (final ConfigurationException e) {
                final String msg = e.getMessage();
                assertNotNull(msg, () -> c.what() + ": no message");
                assertFalse(msg.isBlank(), () -> c.what() + ": blank message");
                assertTrue(c.keys().stream().anyMatch(msg::contains) || msg.contains(file.toString()),
                        () -> c.what() + ": message names neither the key(s) " + c.keys() + " nor the file: " + msg);
                outcomes.computeIfAbsent(c.kind(), k -> new int[2])[1]++;
                continue;
            } catch (final RuntimeException e) {
                failures.putIfAbsent(c.what(), "threw " + e.getClass().getName() + " instead of ConfigurationException: "
                        + e.getMessage());
                continue;
            }
            try {
                assertFullyValid(config, c.what());
            } catch (final AssertionError | RuntimeException e) {
                failures.putIfAbsent(c.what(), "accepted, but the configuration is not valid: " + e.getMessage());
                continue;
            }
            outcomes.computeIfAbsent(c.kind(), k -> new int[2])[0]++;
        }
        final StringBuilder sb = new StringBuilder();
        outcomes.forEach((k, v) -> sb.append(k).append("=[valid ").append(v[0]).append(", rejected ").append(v[1]).append("] "));
        System.out.println("config fuzz (seed " + SEED + ", " + CASES + " cases): " + sb);
        final StringBuilder report = new StringBuilder();
        failures.forEach((what, why) -> report.append("\n  ").append(what).append(": ").append(why));
        assertTrue(failures.isEmpty(), failures.size() + " distinct corruptions were mishandled:" + report);
        assertTrue(outcomes.get("unknown-key")[1] > 0 && outcomes.get("unknown-key")[0] == 0, sb::toString);
        assertTrue(outcomes.get("blank-required")[1] > 0 && outcomes.get("blank-required")[0] == 0, sb::toString);
    }

    @Test
    void shouldCorruptTheSameWayForTheSameSeed() throws IOException {
        final Properties base = shipped();
        final SplittableRandom a = new SplittableRandom(SEED);
        final SplittableRandom b = new SplittableRandom(SEED);
        for (int i = 0; i < 200; i++) {
            final Corruption x = corrupt(base, a);
            final Corruption y = corrupt(base, b);
            assertEquals(x.what(), y.what());
            assertTrue(Arrays.equals(x.file(), y.file()), x.what());
            assertEquals(x.env(), y.env(), x.what());
        }
    }

    /** What a started scorer relies on. */
    private static void assertFullyValid(final ScorerConfig c, final String what) {
        for (final String t : c.allTopics()) {
            assertTrue(t.matches("[a-zA-Z0-9._-]{1,249}") && !".".equals(t) && !"..".equals(t), () -> what + ": topic " + t);
        }
        // four topics always, plus the optional ones (labels, examples, shadow) a fuzzed value may switch on; all distinct
        assertTrue(c.allTopics().size() >= 4, what);
        assertEquals(c.allTopics().size(), new java.util.HashSet<>(c.allTopics()).size(), what);
        assertTrue(c.explainTop() >= 0 && c.explainTop() <= ScorerConfig.MAX_EXPLAIN_TOP, what);
        assertNotNull(c.missingFeatures(), what);
        assertTrue(c.topicPartitions() >= 1, what);
        assertTrue(c.topicReplicationFactor() >= -1, what);
        assertTrue(c.topicReplicationFactor() != 0, what);
        // What KafkaStreams.close(Duration) requires: whole milliseconds in a long, not negative.
        assertTrue(c.shutdownTimeout().toMillis() >= 0, what);
        assertTrue(c.replacementsWindow().toMillis() >= 0, what);
        assertTrue(c.replacementsMax() >= 0, what);
        assertFalse(c.modelPath().toString().isBlank(), what);
        assertFalse(c.applicationId().isBlank(), () -> what + ": blank application.id accepted");
        final Object bootstrap = c.clientProperties().get("bootstrap.servers");
        assertTrue(bootstrap != null && !bootstrap.toString().isBlank(), what);
        // Kafka Streams accepts the pass-through settings as they are, and the job can run with them.
        final StreamsConfig streams = new StreamsConfig(c.streamsProperties());
        assertTrue(streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG) >= 1, () -> what + ": no stream thread");
        final int replication = streams.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        assertTrue(replication == -1 || replication >= 1, () -> what + ": internal topics' replication factor");
        assertTrue(streams.getLong(StreamsConfig.POLL_MS_CONFIG) >= 0, () -> what + ": negative poll.ms");
        assertFalse(c.describe().isBlank(), what);
    }

    /** A corrupted properties file (raw bytes), environment overrides, and the keys the error may name. */
    record Corruption(String kind, String what, byte[] file, Map<String, String> env, List<String> keys) {
    }

    private static Corruption corrupt(final Properties base, final SplittableRandom r) {
        final Map<String, String> props = new LinkedHashMap<>();
        new TreeMap<>(base).forEach((k, v) -> props.put(k.toString(), v.toString()));
        final Map<String, String> env = new HashMap<>();
        final List<String> keys = new ArrayList<>();
        final String kind;
        final String what;
        final List<String> scorerKeys = new ArrayList<>(ScorerConfig.DEFAULTS.keySet());
        switch (r.nextInt(8)) {
            case 0 -> {
                kind = "unknown-key";
                final String k = r.nextBoolean() ? "scorer.input.topics" : "scorer." + randomWord(r);
                what = "unknown key " + k;
                props.put(k, "x");
                keys.add(k);
            }
            case 1, 2 -> {
                kind = "bad-scorer-value";
                final String k = scorerKeys.get(r.nextInt(scorerKeys.size()));
                final String v = BAD_VALUES[r.nextInt(BAD_VALUES.length)];
                what = k + " = '" + v + "'";
                props.put(k, v);
                keys.add(k);
                keys.addAll(topicKeys());
            }
            case 3 -> {
                kind = "bad-kafka-value";
                final String k = KAFKA_KEYS.get(r.nextInt(KAFKA_KEYS.size()));
                final String v = BAD_VALUES[r.nextInt(BAD_VALUES.length)];
                what = k + " = '" + v + "'";
                props.put(k, v);
                keys.add(k);
                keys.add(ScorerConfig.DLQ_TOPIC);
            }
            case 4 -> {
                kind = "blank-required";
                final String[] required = {"bootstrap.servers", "application.id", ScorerConfig.INPUT_TOPIC,
                    ScorerConfig.OUTPUT_TOPIC, ScorerConfig.DLQ_TOPIC, ScorerConfig.MODEL_PATH};
                final String k = required[r.nextInt(required.length)];
                what = "blank " + k;
                props.put(k, r.nextBoolean() ? "" : "   ");
                keys.add(k);
            }
            case 5 -> {
                kind = "env-override";
                final String k = r.nextBoolean() ? scorerKeys.get(r.nextInt(scorerKeys.size()))
                        : KAFKA_KEYS.get(r.nextInt(KAFKA_KEYS.size()));
                final String v = BAD_VALUES[r.nextInt(BAD_VALUES.length)];
                final String name = ConfigSources.envForKey(k);
                what = "env " + name + " = '" + v + "'";
                env.put(name, v);
                keys.add(k);
                keys.add(name);
                keys.addAll(topicKeys());
                keys.add(ScorerConfig.DLQ_TOPIC);
            }
            case 6 -> {
                kind = "same-topic";
                final List<String> topics = topicKeys();
                final String a = topics.get(r.nextInt(topics.size()));
                final String b = topics.get(r.nextInt(topics.size()));
                what = a + " = " + b;
                props.put(a, props.getOrDefault(b, ScorerConfig.DEFAULTS.get(b)));
                keys.addAll(topics);
            }
            default -> {
                kind = "raw-bytes";
                final byte[] file = render(props);
                final int mode = r.nextInt(3);
                if (mode == 0) {
                    what = "a broken \\u escape";
                    return new Corruption(kind, what, concat(file, "scorer.input.topic=\\u12G4\n".getBytes(StandardCharsets.UTF_8)),
                            env, List.of());
                }
                if (mode == 1) {
                    what = "invalid UTF-8";
                    return new Corruption(kind, what, concat(file, new byte[] {'x', '=', (byte) 0xC0, (byte) 0xAF, '\n'}),
                            env, List.of());
                }
                final byte[] b = file.clone();
                final int i = r.nextInt(b.length);
                b[i] = (byte) r.nextInt(256);
                what = "flipped byte " + i + " = " + (b[i] & 0xFF);
                // Any key can be hit; the message must name the file or some key.
                final List<String> all = new ArrayList<>(props.keySet());
                all.addAll(ScorerConfig.DEFAULTS.keySet());
                all.add("bootstrap.servers");
                return new Corruption(kind, what, b, env, all);
            }
        }
        return new Corruption(kind, what, render(props), env, keys);
    }

    private static List<String> topicKeys() {
        return List.of(ScorerConfig.INPUT_TOPIC, ScorerConfig.OUTPUT_TOPIC, ScorerConfig.DLQ_TOPIC, ScorerConfig.MODEL_TOPIC,
                ScorerConfig.LABELS_TOPIC, ScorerConfig.EXAMPLES_TOPIC, ScorerConfig.SHADOW_TOPIC);
    }

    private static String randomWord(final SplittableRandom r) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 3 + r.nextInt(8); i < n; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    /** Properties file text, values escaped as Properties.store would, but deterministic (no date comment). */
    private static byte[] render(final Map<String, String> props) {
        final StringBuilder sb = new StringBuilder("# fuzzed\n");
        props.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Properties shipped() throws IOException {
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(SHIPPED, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }
}
