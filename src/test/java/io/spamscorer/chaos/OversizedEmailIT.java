package io.spamscorer.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.stream.DeadLetters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 50 MB messages through the real broker into a scorer in its own JVM with a small heap, Serial GC and exit on
 * OutOfMemoryError: each is dead-lettered as {@code too_large} with only its head kept, the small messages around
 * them are scored, and the heap left after a full GC does not grow by the size of what went through. Heap figures
 * come from the scorer's GC log around {@code jcmd GC.run}; they go to {@code target/chaos/oversized-email.md}.
 */
@Tag("chaos")
class OversizedEmailIT {

    private static final Path OUT = Path.of("target", "chaos", "oversized");
    private static final int HUGE_BYTES = 50 * 1024 * 1024;
    private static final int HUGE_COUNT = 3;
    /**
     * Streams buffers fetched records (up to buffered.records.per.partition) before processing them, so several
     * oversized messages in a row are all on the heap at once: 3 x 50 MiB peaked at 216 MiB in a 256 MiB heap.
     */
    private static final int HEAP_MIB = 384;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern FULL_GC = Pattern.compile("Pause Full \\((?:System.gc\\(\\)|Diagnostic Command)\\) (\\d+)M->(\\d+)M");
    private static final Pattern ANY_GC = Pattern.compile("Pause \\w+ \\([^)]*\\)\\s+(\\d+)M->(\\d+)M");

    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDeadLetterFiftyMegabyteMessagesWithoutTheHeapKeepingThem() throws Exception {
        final String base = "oversized-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        final String input = base + ".in";
        final String output = base + ".out";
        final String dlq = base + ".dlq";
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(
                    // a topic a user sized for large mail, so the broker delivers what the scorer must refuse
                    new NewTopic(input, 2, (short) 1).configs(Map.of(
                            "max.message.bytes", String.valueOf(60 * 1024 * 1024),
                            "segment.bytes", String.valueOf(128 * 1024 * 1024))),
                    new NewTopic(output, 2, (short) 1), new NewTopic(dlq, 2, (short) 1),
                    new NewTopic(base + ".models", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(60, TimeUnit.SECONDS);
        }
        Files.createDirectories(OUT);
        final Path gcLog = OUT.resolve("gc.log").toAbsolutePath();
        Files.deleteIfExists(gcLog);
        final Properties props = new Properties();
        props.setProperty("bootstrap.servers", broker.bootstrapServers());
        props.setProperty("application.id", base);
        props.setProperty("state.dir", OUT.resolve("state").toAbsolutePath().toString());
        props.setProperty("scorer.input.topic", input);
        props.setProperty("scorer.output.topic", output);
        props.setProperty("scorer.dlq.topic", dlq);
        props.setProperty("scorer.model.topic", base + ".models");
        props.setProperty("scorer.input.format", "email");
        props.setProperty("scorer.model.path", Path.of("config", "email-model.json").toAbsolutePath().toString());
        props.setProperty("scorer.http.port", "0");
        props.setProperty("commit.interval.ms", "100");
        final List<byte[]> small = smallMessages(2 + HUGE_COUNT);
        try (ScorerProcess scorer = new ScorerProcess("oversized", OUT, props, List.of("-Xmx" + HEAP_MIB + "m", "-Xlog:gc:file=" + gcLog));
             KafkaProducer<byte[], byte[]> producer = producer()) {
            scorer.start();
            scorer.awaitRunning(TIMEOUT);
            send(producer, input, "small-0", small.get(0));
            send(producer, input, "small-1", small.get(1));
            final Counts warm = await(output, dlq, 2, 0);
            final long before = fullGc(scorer, gcLog);
            final int linesBefore = Files.readAllLines(gcLog).size();
            for (int i = 0; i < HUGE_COUNT; i++) {
                send(producer, input, "huge-" + i, huge(i));
                send(producer, input, "small-" + (2 + i), small.get(2 + i));
            }
            final Counts done = await(output, dlq, 2 + HUGE_COUNT, HUGE_COUNT);
            final long after = fullGc(scorer, gcLog);
            final long peak = peakBeforeGc(gcLog, linesBefore);
            assertTrue(scorer.isAlive(), "the scorer survived with -Xmx" + HEAP_MIB + "m");
            for (final ConsumerRecord<byte[], byte[]> r : done.deadLetters) {
                assertEquals("too_large", header(r, DeadLetters.HEADER_REASON));
                assertEquals(String.valueOf(HUGE_BYTES), header(r, DeadLetters.HEADER_VALUE_BYTES));
                final int i = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8).substring("huge-".length()));
                assertArrayEquals(Arrays.copyOf(huge(i), DeadLetters.TOO_LARGE_KEPT_BYTES), r.value());
            }
            assertEquals(warm.scored + HUGE_COUNT, done.scored);
            final String report = String.format(Locale.ROOT, "# Oversized email: %d x %d MiB through a scorer with "
                    + "-Xmx%dm (Serial GC)%n%n| heap after full GC before | after | growth | largest heap before "
                    + "a GC while they went through |%n|---:|---:|---:|---:|%n| %d MiB | %d MiB | %+d MiB | %d MiB |%n",
                    HUGE_COUNT, HUGE_BYTES >> 20, HEAP_MIB, before, after, after - before, peak);
            Files.writeString(OUT.getParent().resolve("oversized-email.md"), report);
            System.out.println(report);
            assertTrue(after - before < 16, "heap after GC grew from " + before + " MiB to " + after + " MiB");
        }
    }

    private record Counts(int scored, List<ConsumerRecord<byte[], byte[]>> deadLetters) {
    }

    private static Counts await(final String output, final String dlq, final int scored, final int deadLettered)
            throws InterruptedException {
        final Map<String, Object> props = new HashMap<>(broker.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "oversized-check-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<byte[], byte[]>> outs = new ArrayList<>();
        final List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(output, dlq));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (outs.size() < scored || dead.size() < deadLettered) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + TIMEOUT.toSeconds() + " s: " + outs.size() + " of " + scored
                            + " scored, " + dead.size() + " of " + deadLettered + " dead-lettered");
                }
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    (r.topic().equals(output) ? outs : dead).add(r);
                }
            }
            // nothing beyond what was expected
            for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                (r.topic().equals(output) ? outs : dead).add(r);
            }
        }
        assertEquals(scored, outs.size(), "scored");
        assertEquals(deadLettered, dead.size(), "dead-lettered");
        return new Counts(outs.size(), dead);
    }

    /** Runs a full GC in the scorer and returns the heap it left, in MiB, from the GC log. */
    private static long fullGc(final ScorerProcess scorer, final Path gcLog) throws IOException, InterruptedException {
        final int seen = countMatches(gcLog, FULL_GC);
        final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(scorer.pid()), "GC.run").redirectErrorStream(true).start();
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0,
                "jcmd GC.run: " + new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (countMatches(gcLog, FULL_GC) == seen) {
            assertTrue(System.nanoTime() < deadline, "no full GC line from jcmd GC.run in " + gcLog);
            Thread.sleep(100);
        }
        long after = -1;
        for (final String line : Files.readAllLines(gcLog)) {
            final Matcher m = FULL_GC.matcher(line);
            if (m.find()) {
                after = Long.parseLong(m.group(2));
            }
        }
        return after;
    }

    private static long peakBeforeGc(final Path gcLog, final int fromLine) throws IOException {
        final List<String> lines = Files.readAllLines(gcLog);
        long peak = 0;
        for (final String line : lines.subList(fromLine, lines.size())) {
            final Matcher m = ANY_GC.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }

    private static int countMatches(final Path file, final Pattern pattern) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int n = 0;
        for (final String line : Files.readAllLines(file)) {
            n += pattern.matcher(line).find() ? 1 : 0;
        }
        return n;
    }

    /** A well-formed message whose body makes it {@value #HUGE_BYTES} bytes; {@code i} varies its first line. */
    private static byte[] huge(final int i) {
        final byte[] head = ("From: bulk@example.com\r\nSubject: huge " + i + "\r\nMessage-ID: <huge-" + i
                + "@example.com>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] m = new byte[HUGE_BYTES];
        Arrays.fill(m, (byte) 'x');
        System.arraycopy(head, 0, m, 0, head.length);
        return m;
    }

    private static List<byte[]> smallMessages(final int n) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("data", "mail", "demo", "ham"))) {
            final List<byte[]> out = new ArrayList<>();
            for (final Path f : files.sorted().limit(n).toList()) {
                out.add(Files.readAllBytes(f));
            }
            return out;
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        final Map<String, Object> props = new HashMap<>(broker.clientProperties());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 60 * 1024 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(final KafkaProducer<byte[], byte[]> producer, final String topic, final String key,
                             final byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(60, TimeUnit.SECONDS);
    }

    private static String header(final ConsumerRecord<byte[], byte[]> r, final String name) {
        final Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
