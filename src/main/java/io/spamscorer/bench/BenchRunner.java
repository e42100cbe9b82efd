package io.spamscorer.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerMetrics;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.train.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Runs the {@code bench} workloads side by side on one broker and one pre-loaded input topic
 * ({@code bench-<run>-in}, Spambase rows as positional JSON): (a) a plain consumer → producer loop, (b) a Kafka
 * Streams identity topology, (c) the production scorer at-least-once, (d) the scorer exactly-once v2. They run in
 * {@code warmupRounds} uncounted rounds of (a)–(d), while both JVMs JIT-compile their hot paths (a cold first round
 * ran (a) and (b) at a third of their warm speed), then {@code rounds} measured rounds. Each workload of each round
 * has its own group/application id and its own LogAppendTime output topic ({@code bench-<run>-out-<key><round>}).
 * Last comes the scorer's end-to-end latency at the fixed {@code latencyRate} ({@code bench-<run>-lat-in} →
 * {@code bench-<run>-out-lat}), then at half of (c)'s median throughput ({@code bench-<run>-lat-half-in}). With raw email on, each round also runs (e) the scorer with
 * {@code scorer.input.format=email} and (f) a Streams identity topology over {@code bench-<run>-mail-in}. Topics on
 * a given broker are deleted at the end unless {@code keepTopics}.
 */
public final class BenchRunner {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final List<String> FEATURE_KEYS = List.of("a", "b", "c", "d");
    private static final List<String> ALL_KEYS = List.of("a", "b", "c", "d", "e", "f");
    /** Settings key of the latency run's rate: the {@code --latency-rate} given, or {@link #HALF_OF_C}. */
    static final String LATENCY_RATE = "latencyRate";
    /** Tags of the latency runs: at --latency-rate, and at half of (c). */
    private static final String LAT_FIXED = "lat";
    private static final String LAT_HALF = "lat-half";
    static final String HALF_OF_C = "half of (c)";
    /**
     * Kafka's default segment size for the embedded broker, instead of its small-footprint 16 MiB, which under the
     * latency load rolls a segment of each partition about every second; the latency tail was smaller without the
     * rolls (BENCHMARKS.md, "Latency").
     */
    private static final String SEGMENT_BYTES = Integer.toString(1 << 30);
    /**
     * An initial rebalance delay (Kafka's default is 3 s; the embedded broker's 0) so that every stream thread of a
     * workload joins its new group in one generation. With 0, the first thread got every partition, started the clock
     * and worked alone until the others joined in a second rebalance ((e) and (f) run two threads). One second is
     * ample for threads started together, and join time is not measured anyway.
     */
    private static final String REBALANCE_DELAY_MS = "1000";
    /**
     * Keys the bench sets for each workload, which a scorer property must not replace: they name the workload's
     * group, topics, model, guarantee and measuring hook, so replacing one would measure something else under the
     * workload's name (an exactly-once (c), another topic). Thread counts and models have their own options.
     */
    public static final Set<String> OWN_KEYS = Set.of(
            StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG,
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.NUM_STREAM_THREADS_CONFIG,
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
            ScorerConfig.INPUT_TOPIC, ScorerConfig.OUTPUT_TOPIC, ScorerConfig.DLQ_TOPIC, ScorerConfig.MODEL_PATH,
            ScorerConfig.INPUT_FORMAT);

    /**
     * What to run; {@code bootstrap} null starts an embedded broker. {@code latencyLingerMs} is the scorer's
     * {@code linger.ms} in the latency run, where batching only adds delay; {@code latencyRate} 0 means half of (c).
     * The first {@code warmupRounds} of (a)–(d) are not counted; {@code rounds} more are measured.
     */
    public record Settings(int records, String bootstrap, Path modelPath, Path dataPath, int partitions, int lingerMs,
                           int batchSize, Duration latencyWarmup, Duration latencyMeasured, int latencyLingerMs,
                           double latencyRate, int streamThreads, int warmupRounds, int rounds, Email email,
                           boolean keepTopics, Map<String, String> scorerProperties) {

        /** {@code scorerProperties}: applied to the scorer workloads only, after the bench's own settings. */
        public Settings {
            scorerProperties = Map.copyOf(scorerProperties);
        }
    }

    /**
     * Workloads (e) and (f): {@code records} raw messages cycled from the files under {@code mailDirs}, (e) scoring
     * them with {@code modelPath} (a model with a featurizer), both with {@code streamThreads} stream threads;
     * {@code records} 0 skips both.
     */
    public record Email(int records, Path modelPath, List<Path> mailDirs, int streamThreads) {

        public Email {
            mailDirs = List.copyOf(mailDirs);
        }

        public static Email skipped() {
            return new Email(0, Path.of(ScorerConfig.EMAIL_MODEL_PATH), List.of(), 1);
        }

        boolean enabled() {
            return records > 0;
        }
    }

    private final Settings s;
    private final PrintStream log;
    private final String run = "bench-" + Long.toString(System.currentTimeMillis(), 36);

    public BenchRunner(final Settings settings, final PrintStream log) {
        this.s = settings;
        this.log = log;
    }

    public BenchResult run() throws InterruptedException {
        final BenchRecords records = new BenchRecords(Dataset.read(s.dataPath(), "spam"));
        ModelLoader.load(s.modelPath());
        final BenchMail mail = s.email().enabled() ? BenchMail.read(s.email().mailDirs()) : null;
        if (mail != null) {
            ModelCompatibility.checkEmail(ModelLoader.load(s.email().modelPath()));
        }
        if (s.bootstrap() == null) {
            log.println("starting an embedded Kafka broker ...");
            try (EmbeddedKafka broker = EmbeddedKafka.builder().brokerProperty("log.segment.bytes", SEGMENT_BYTES)
                    .brokerProperty("group.initial.rebalance.delay.ms", REBALANCE_DELAY_MS).start()) {
                return run(broker.clientProperties(), records, mail, "embedded (child JVM, 512 MiB heap, "
                        + broker.bootstrapServers() + ")");
            }
        }
        return run(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap()), records, mail, s.bootstrap());
    }

    private BenchResult run(final Map<String, Object> clientProps, final BenchRecords records, final BenchMail mail,
                            final String broker) throws InterruptedException {
        final short rf = s.bootstrap() == null ? 1 : (short) -1;
        final List<String> topics = new ArrayList<>();
        try (BenchKafka kafka = new BenchKafka(clientProps)) {
            final String in = run + "-in";
            kafka.createTopic(in, s.partitions(), rf, false);
            topics.add(in);
            final List<String> tags = new ArrayList<>(List.of(LAT_FIXED, LAT_HALF));
            for (int r = 1; r <= s.warmupRounds() + s.rounds(); r++) {
                for (final String key : mail == null ? FEATURE_KEYS : ALL_KEYS) {
                    tags.add(new Tag(key, r).toString());
                }
            }
            // raw messages, and dead letters that carry them, need topics that take the largest message
            final int mailBytes = mail == null ? 0 : Preload.maxRequestBytes(mail);
            for (final String t : tags) {
                final boolean raw = t.startsWith("e") || t.startsWith("f");
                kafka.createTopic(out(t), s.partitions(), rf, true, raw ? mailBytes : 0);
                kafka.createTopic(dlq(t), s.partitions(), rf, false, raw ? mailBytes : 0);
                topics.add(out(t));
                topics.add(dlq(t));
            }
            final String mailIn = run + "-mail-in";
            long mailBytesTotal = 0;
            if (mail != null) {
                kafka.createTopic(mailIn, s.partitions(), rf, false, mailBytes);
                topics.add(mailIn);
            }
            for (final String lat : List.of(LAT_FIXED, LAT_HALF)) {
                kafka.createTopic(run + "-" + lat + "-in", s.partitions(), rf, false);
                topics.add(run + "-" + lat + "-in");
            }
            log.printf(Locale.ROOT, "pre-loading %,d records into %s (%d partitions) ...%n", s.records(), in, s.partitions());
            final long t = System.nanoTime();
            final long bytes = Preload.run(clientProps, in, s.records(), records);
            log.printf(Locale.ROOT, "  done in %.1f s, %.0f B per value on average%n", (System.nanoTime() - t) / 1e9,
                    (double) bytes / s.records());
            if (mail != null) {
                log.printf(Locale.ROOT, "pre-loading %,d raw messages (%,d files cycled) into %s ...%n", s.email().records(),
                        mail.size(), mailIn);
                final long tm = System.nanoTime();
                mailBytesTotal = Preload.run(clientProps, mailIn, s.email().records(), mail);
                log.printf(Locale.ROOT, "  done in %.1f s, %.0f B per message on average, %.1f MB%n", (System.nanoTime() - tm) / 1e9,
                        (double) mailBytesTotal / s.email().records(), mailBytesTotal / 1e6);
            }

            final List<List<BenchResult.Workload>> rounds = new ArrayList<>();
            for (int r = 1; r <= s.warmupRounds() + s.rounds(); r++) {
                final boolean warmup = r <= s.warmupRounds();
                log.printf(Locale.ROOT, warmup ? "warm-up round %d of %d (not counted) ...%n" : "round %d of %d ...%n",
                        warmup ? r : r - s.warmupRounds(), warmup ? s.warmupRounds() : s.rounds());
                final Input features = new Input(in, s.records(), bytes, 0, timeout(s.records(), 4000));
                final List<BenchResult.Workload> round = new ArrayList<>(List.of(
                        plain(kafka, features, r),
                        streams(kafka, features, new Tag("b", r), "Streams identity", StreamsConfig.AT_LEAST_ONCE),
                        streams(kafka, features, new Tag("c", r), "scorer at_least_once", StreamsConfig.AT_LEAST_ONCE),
                        streams(kafka, features, new Tag("d", r), "scorer exactly_once_v2", StreamsConfig.EXACTLY_ONCE_V2)));
                if (mail != null) {
                    final Input raw = new Input(mailIn, s.email().records(), mailBytesTotal, mailBytes,
                            timeout(s.email().records(), 250));
                    // at_least_once, as (c) and (f): (e)/(f) then prices the email work alone; what exactly-once
                    // adds is what (d)/(c) measures
                    round.add(streams(kafka, raw, new Tag("e", r), "email scorer at_least_once", StreamsConfig.AT_LEAST_ONCE));
                    round.add(streams(kafka, raw, new Tag("f", r), "Streams identity, raw email", StreamsConfig.AT_LEAST_ONCE));
                }
                if (!warmup) {
                    rounds.add(round);
                }
            }
            final double c = new BenchResult(Map.of(), Map.of(), rounds, null).summary("c").recordsPerSecond();
            // the fixed rate first (the target's), then half of (c) as earlier runs reported; --latency-rate 0 runs
            // only the latter, which then is the run's "latency"
            final BenchResult.Latency fixed = s.latencyRate() > 0 ? latency(kafka, records, s.latencyRate(), LAT_FIXED) : null;
            final BenchResult.Latency half = latency(kafka, records, c / 2, LAT_HALF);
            if (s.bootstrap() != null && !s.keepTopics()) {
                kafka.deleteTopics(topics);
            }
            return new BenchResult(runInfo(broker), settingsInfo(bytes, mail, mailBytesTotal), rounds,
                    fixed != null ? fixed : half, fixed != null ? half : null);
        }
    }

    /**
     * An input topic of the bench with its record count, total value bytes, the producer request size its records
     * need (0: the client default) and how long a workload may take over it.
     */
    private record Input(String topic, int records, long bytes, int maxRequestBytes, Duration timeout) {
    }

    private String out(final String tag) {
        return run + "-out-" + tag;
    }

    private String dlq(final String tag) {
        return run + "-dlq-" + tag;
    }

    /**
     * Workload {@code key} in round {@code round}, counted from 1 including the warm-up rounds: its group or
     * application id, output and dead-letter topics.
     */
    private record Tag(String key, int round) {

        @Override
        public String toString() {
            return key + round;
        }
    }

    /** Generous for this VM: {@code perSecond} records per second, but at least 2 minutes. */
    private static Duration timeout(final int records, final int perSecond) {
        return Duration.ofSeconds(Math.max(120, records / perSecond));
    }

    private BenchResult.Workload plain(final BenchKafka kafka, final Input in, final int round) {
        final Tag tag = new Tag("a", round);
        final String group = run + "-" + tag;
        log.println("(a) plain consumer -> producer loop ...");
        final long copied = PlainLoop.run(kafka.clientProps(), producerProps(kafka), group, in.topic(), out(tag.toString()),
                in.records(), in.timeout());
        final long observed = System.currentTimeMillis();
        return finish(kafka, in, tag, "plain consumer->producer", group, copied >= in.records() ? observed : -1);
    }

    private Map<String, Object> producerProps(final BenchKafka kafka) {
        return Preload.producerProps(kafka.clientProps(), s.lingerMs(), s.batchSize());
    }

    private BenchResult.Workload streams(final BenchKafka kafka, final Input input, final Tag tag, final String name,
                                         final String guarantee) throws InterruptedException {
        final String app = run + "-" + tag;
        final String out = out(tag.toString());
        final String in = input.topic();
        log.printf("(%s) %s ...%n", tag.key(), name);
        final Path stateDir = tempDir();
        final Map<String, String> p = streamsOverrides(kafka, app, stateDir, guarantee, s.lingerMs());
        if ("e".equals(tag.key()) || "f".equals(tag.key())) {
            p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(s.email().streamThreads()));
        }
        final boolean eos = !StreamsConfig.AT_LEAST_ONCE.equals(guarantee);
        final BooleanSupplier done = eos ? () -> kafka.committedSum(app, in) >= input.records()
                : () -> kafka.endOffsetSum(out) >= input.records();
        final boolean identity = "b".equals(tag.key()) || "f".equals(tag.key());
        if (identity && input.maxRequestBytes() > 0) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(input.maxRequestBytes()));
        }
        long observed;
        try {
            if (identity) {
                final StreamsBuilder builder = new StreamsBuilder();
                builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                        .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
                final Properties props = new Properties();
                props.putAll(p);
                try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
                    streams.start();
                    observed = await(done, () -> streams.state() == KafkaStreams.State.ERROR, input.timeout());
                    streams.close(Duration.ofSeconds(30));
                }
            } else {
                p.put(ScorerConfig.INPUT_TOPIC, in);
                p.put(ScorerConfig.OUTPUT_TOPIC, out);
                p.put(ScorerConfig.DLQ_TOPIC, dlq(tag.toString()));
                final Path model = "e".equals(tag.key()) ? s.email().modelPath() : s.modelPath();
                p.put(ScorerConfig.MODEL_PATH, model.toString());
                if ("e".equals(tag.key())) {
                    p.put(ScorerConfig.INPUT_FORMAT, "email");
                }
                p.putAll(s.scorerProperties());
                try (DeployedScorer scorer = new DeployedScorer(ScorerConfig.of(p), models(model))) {
                    scorer.runtime.start();
                    observed = await(done, scorer.runtime::failed, input.timeout());
                }
            }
        } finally {
            deleteQuietly(stateDir);
        }
        return finish(kafka, input, tag, name, app, observed);
    }

    private Map<String, String> streamsOverrides(final BenchKafka kafka, final String app, final Path stateDir,
                                                 final String guarantee, final int lingerMs) {
        final Map<String, String> p = new HashMap<>();
        kafka.clientProps().forEach((k, v) -> p.put(k, String.valueOf(v)));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        // The scorer's own defaults (see ScorerConfig), so that (b) logs no more than (c) does.
        p.putAll(ScorerConfig.GLOBAL_HANDLER_OPT_IN);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(s.streamThreads()));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Integer.toString(lingerMs));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(s.batchSize()));
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), FirstRead.class.getName());
        return p;
    }

    /**
     * The scorer as {@code run} deploys it: the production runtime with its Prometheus meters (per-record counters
     * and latency histograms) and the Kafka Streams metrics bound to the registry.
     */
    private static final class DeployedScorer implements AutoCloseable {

        private final PrometheusMeterRegistry registry = ScorerMetrics.prometheusRegistry();
        private final ScorerMetrics metrics;
        private final ScorerRuntime runtime;

        DeployedScorer(final ScorerConfig config, final ModelHolder models) {
            this.metrics = new ScorerMetrics(registry, models);
            this.runtime = new ScorerRuntime(config, models, metrics);
            metrics.bindStreams(runtime.streams());
        }

        @Override
        public void close() {
            runtime.close();
            metrics.close();
            registry.close();
        }
    }

    private static ModelHolder models(final Path model) {
        return new ModelHolder(new LoadedModel(ModelLoader.load(model), model.toString(), Instant.now()));
    }

    /** Polls until done (returns the wall-clock millis it was seen), failure or timeout (returns -1). */
    private long await(final BooleanSupplier done, final BooleanSupplier failed, final Duration timeout)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return System.currentTimeMillis();
            }
            if (failed.getAsBoolean()) {
                log.println("  the workload failed");
                return -1;
            }
            Thread.sleep(POLL.toMillis());
        }
        log.println("  timed out after " + timeout);
        return -1;
    }

    private BenchResult.Workload finish(final BenchKafka kafka, final Input in, final Tag tag, final String name,
                                        final String group, final long observedMillis) {
        final long first = FirstRead.millis(group);
        final String out = out(tag.toString());
        final long last = kafka.lastTimestamp(out);
        final long outputs = kafka.count(out, Duration.ofMinutes(2));
        final double secs = first < 0 || last < first ? 0 : (last - first) / 1000.0;
        final double observedSecs = first < 0 || observedMillis < first ? 0 : (observedMillis - first) / 1000.0;
        final BenchResult.Workload w = new BenchResult.Workload(tag.key(), name, tag.round() - s.warmupRounds(), in.records(),
                outputs, secs, observedSecs, in.bytes());
        log.printf(Locale.ROOT, "  %,.0f records/s, %.1f MB/s (%.2f s first read -> last append; %,.0f/s by completion seen), "
                + "%,d outputs%n", w.recordsPerSecond(), w.megabytesPerSecond(), secs, w.observedRecordsPerSecond(), outputs);
        return w;
    }

    private BenchResult.Latency latency(final BenchKafka kafka, final BenchRecords records, final double rate,
                                        final String tag) throws InterruptedException {
        if (!(rate > 0)) {
            log.println("latency: skipped, workload (c) has no throughput");
            return null;
        }
        log.printf(Locale.ROOT, "latency: scorer at_least_once at %,.0f records/s open-loop (%s warm-up + %s) ...%n",
                rate, s.latencyWarmup(), s.latencyMeasured());
        final String app = run + "-" + tag;
        final String in = run + "-" + tag + "-in";
        final Path stateDir = tempDir();
        final Map<String, String> p = streamsOverrides(kafka, app, stateDir, StreamsConfig.AT_LEAST_ONCE, s.latencyLingerMs());
        p.put(ScorerConfig.INPUT_TOPIC, in);
        p.put(ScorerConfig.OUTPUT_TOPIC, out(tag));
        p.put(ScorerConfig.DLQ_TOPIC, dlq(tag));
        p.put(ScorerConfig.MODEL_PATH, s.modelPath().toString());
        p.putAll(s.scorerProperties());
        final LatencyProbe probe = new LatencyProbe(Preload.producerProps(kafka.clientProps(), 1, s.batchSize()), records,
                rate, s.latencyWarmup(), s.latencyMeasured());
        try (DeployedScorer scorer = new DeployedScorer(ScorerConfig.of(p), models(s.modelPath()))) {
            final ScorerRuntime runtime = scorer.runtime;
            runtime.start();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (runtime.state() != KafkaStreams.State.RUNNING && !runtime.failed() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            // The throughput rounds leave this JVM's old generation with hundreds of MB of their garbage (raw
            // messages in flight, fetched batches), which a deployed scorer's heap would not hold; with it, every G1
            // young pause scans it and took 10-20 ms here instead of 1-5. Start the measured load from a clean heap.
            System.gc();
            probe.send(in);
            await(() -> kafka.endOffsetSum(out(tag)) >= probe.total(), runtime::failed,
                    Duration.ofSeconds(Math.max(120, probe.total() / 4000)));
        } finally {
            deleteQuietly(stateDir);
        }
        final BenchResult.Latency l = probe.measure(kafka, out(tag), Duration.ofMinutes(2));
        log.printf(Locale.ROOT, "  p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms over %,d records (%,d missing)%n",
                l.p50(), l.p99(), l.p999(), l.max(), l.measured(), l.missing());
        return l;
    }

    private Map<String, String> runInfo(final String broker) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("id", run);
        m.put("finished", Instant.now().toString());
        m.put("broker", broker);
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
        m.put("memory", memTotal());
        return m;
    }

    private Map<String, String> settingsInfo(final long bytes, final BenchMail mail, final long mailBytes) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("records", Integer.toString(s.records()));
        m.put("partitions", Integer.toString(s.partitions()));
        m.put("warmupRounds", Integer.toString(s.warmupRounds()));
        m.put("rounds", Integer.toString(s.rounds()));
        m.put("valueBytesAvg", String.format(Locale.ROOT, "%.1f", (double) bytes / s.records()));
        m.put("producer.linger.ms", Integer.toString(s.lingerMs()));
        m.put("producer.batch.size", Integer.toString(s.batchSize()));
        m.put("broker.log.segment.bytes", s.bootstrap() == null ? SEGMENT_BYTES : "the broker's");
        m.put("num.stream.threads", Integer.toString(s.streamThreads()));
        m.put("commit.interval.ms", "Streams defaults: 30000 at_least_once, 100 exactly_once_v2");
        m.put("latency.producer.linger.ms", Integer.toString(s.latencyLingerMs()));
        m.put(LATENCY_RATE, s.latencyRate() > 0 ? Double.toString(s.latencyRate()) : HALF_OF_C);
        m.put("latencyWarmup", s.latencyWarmup().toString());
        m.put("latencyMeasured", s.latencyMeasured().toString());
        m.put("keepTopics", Boolean.toString(s.keepTopics()));
        s.scorerProperties().forEach((k, v) -> m.put("scorer." + k, v));
        m.put("emailRecords", Integer.toString(mail == null ? 0 : s.email().records()));
        if (mail != null) {
            m.put("emailModel", s.email().modelPath().toString());
            m.put("emailDirs", s.email().mailDirs().toString());
            m.put("emailFiles", Integer.toString(mail.size()));
            m.put("email.num.stream.threads", Integer.toString(s.email().streamThreads()));
            m.put("emailBytesAvg", String.format(Locale.ROOT, "%.1f", (double) mailBytes / s.email().records()));
            m.put("emailLargestBytes", Integer.toString(mail.largest()));
            m.put("emailGuarantee", StreamsConfig.AT_LEAST_ONCE);
            m.put("scorer.email.max.bytes", Long.toString(io.spamscorer.mail.EmailLimits.DEFAULT_MAX_BYTES));
        }
        return m;
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.replaceAll("\\s+", " ").substring("MemTotal: ".length())).findFirst().orElse("unknown");
        } catch (final IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("spam-scorer-bench-state");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(final Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
