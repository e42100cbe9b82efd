package io.spamscorer.bench;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.train.Dataset;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

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
 * a given broker are deleted at the end unless {@code keepTopics}. This class creates the topics, pre-loads them and
 * runs the rounds; {@link ThroughputWorkloads} runs one workload, {@link LatencyRun} one latency run.
 */
public final class BenchRunner {

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
    static final String SEGMENT_BYTES = Integer.toString(1 << 30);
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
    private final RunNames names = RunNames.startingNow();

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
        try (BenchKafka kafka = new BenchKafka(clientProps)) {
            final String in = names.in();
            final String mailIn = names.mailIn();
            // raw messages, and dead letters that carry them, need topics that take the largest message
            final int mailBytes = mail == null ? 0 : Preload.maxRequestBytes(mail);
            final List<String> topics = createTopics(kafka, mail != null, mailBytes);
            log.printf(Locale.ROOT, "pre-loading %,d records into %s (%d partitions) ...%n", s.records(), in, s.partitions());
            final long t = System.nanoTime();
            final long bytes = Preload.run(clientProps, in, s.records(), records);
            log.printf(Locale.ROOT, "  done in %.1f s, %.0f B per value on average%n", (System.nanoTime() - t) / 1e9,
                    (double) bytes / s.records());
            long mailBytesTotal = 0;
            if (mail != null) {
                log.printf(Locale.ROOT, "pre-loading %,d raw messages (%,d files cycled) into %s ...%n", s.email().records(),
                        mail.size(), mailIn);
                final long tm = System.nanoTime();
                mailBytesTotal = Preload.run(clientProps, mailIn, s.email().records(), mail);
                log.printf(Locale.ROOT, "  done in %.1f s, %.0f B per message on average, %.1f MB%n", (System.nanoTime() - tm) / 1e9,
                        (double) mailBytesTotal / s.email().records(), mailBytesTotal / 1e6);
            }

            final WorkloadProps props = new WorkloadProps(s, kafka);
            final ThroughputWorkloads.Input features = new ThroughputWorkloads.Input(in, s.records(), bytes, 0,
                    ThroughputWorkloads.timeout(s.records(), 4000));
            final ThroughputWorkloads.Input raw = mail == null ? null : new ThroughputWorkloads.Input(mailIn,
                    s.email().records(), mailBytesTotal, mailBytes, ThroughputWorkloads.timeout(s.email().records(), 250));
            final List<List<BenchResult.Workload>> rounds = rounds(new ThroughputWorkloads(s, log, names, kafka, props),
                    features, raw);
            final double c = new BenchResult(Map.of(), Map.of(), rounds, null).summary("c").recordsPerSecond();
            // the fixed rate first (the target's), then half of (c) as earlier runs reported; --latency-rate 0 runs
            // only the latter, which then is the run's "latency"
            final LatencyRun latency = new LatencyRun(s, log, names, kafka, props);
            final BenchResult.Latency fixed = s.latencyRate() > 0 ? latency.measure(records, s.latencyRate(), LAT_FIXED) : null;
            final BenchResult.Latency half = latency.measure(records, c / 2, LAT_HALF);
            if (s.bootstrap() != null && !s.keepTopics()) {
                kafka.deleteTopics(topics);
            }
            return new BenchResult(RunInfo.run(names.id(), broker), RunInfo.settings(s, bytes, mail, mailBytesTotal),
                    rounds, fixed != null ? fixed : half, fixed != null ? half : null);
        }
    }

    /**
     * Every topic of the run, created up front: the inputs, and an output and dead-letter topic for each workload of
     * each round and each latency run, those of the raw email workloads taking messages of {@code mailBytes}.
     */
    private List<String> createTopics(final BenchKafka kafka, final boolean mail, final int mailBytes) {
        final short rf = s.bootstrap() == null ? 1 : (short) -1;
        final List<String> topics = new ArrayList<>();
        kafka.createTopic(names.in(), s.partitions(), rf, false);
        topics.add(names.in());
        final List<String> tags = new ArrayList<>(List.of(LAT_FIXED, LAT_HALF));
        for (int r = 1; r <= s.warmupRounds() + s.rounds(); r++) {
            for (final String key : mail ? ALL_KEYS : FEATURE_KEYS) {
                tags.add(new ThroughputWorkloads.Tag(key, r).toString());
            }
        }
        for (final String t : tags) {
            final boolean raw = t.startsWith("e") || t.startsWith("f");
            kafka.createTopic(names.out(t), s.partitions(), rf, true, raw ? mailBytes : 0);
            kafka.createTopic(names.dlq(t), s.partitions(), rf, false, raw ? mailBytes : 0);
            topics.add(names.out(t));
            topics.add(names.dlq(t));
        }
        if (mail) {
            kafka.createTopic(names.mailIn(), s.partitions(), rf, false, mailBytes);
            topics.add(names.mailIn());
        }
        for (final String lat : List.of(LAT_FIXED, LAT_HALF)) {
            kafka.createTopic(names.latencyIn(lat), s.partitions(), rf, false);
            topics.add(names.latencyIn(lat));
        }
        return topics;
    }

    /**
     * The warm-up rounds, then the measured ones, which it returns; each runs (a)–(d) over {@code features}, then
     * (e) and (f) over {@code raw} unless it is null.
     */
    private List<List<BenchResult.Workload>> rounds(final ThroughputWorkloads workloads,
                                                    final ThroughputWorkloads.Input features,
                                                    final ThroughputWorkloads.Input raw) throws InterruptedException {
        final List<List<BenchResult.Workload>> rounds = new ArrayList<>();
        for (int r = 1; r <= s.warmupRounds() + s.rounds(); r++) {
            final boolean warmup = r <= s.warmupRounds();
            log.printf(Locale.ROOT, warmup ? "warm-up round %d of %d (not counted) ...%n" : "round %d of %d ...%n",
                    warmup ? r : r - s.warmupRounds(), warmup ? s.warmupRounds() : s.rounds());
            final List<BenchResult.Workload> round = new ArrayList<>(List.of(
                    workloads.plain(features, r),
                    workloads.streams(features, tag("b", r), "Streams identity", StreamsConfig.AT_LEAST_ONCE),
                    workloads.streams(features, tag("c", r), "scorer at_least_once", StreamsConfig.AT_LEAST_ONCE),
                    workloads.streams(features, tag("d", r), "scorer exactly_once_v2", StreamsConfig.EXACTLY_ONCE_V2)));
            if (raw != null) {
                // at_least_once, as (c) and (f): (e)/(f) then prices the email work alone; what exactly-once
                // adds is what (d)/(c) measures
                round.add(workloads.streams(raw, tag("e", r), "email scorer at_least_once", StreamsConfig.AT_LEAST_ONCE));
                round.add(workloads.streams(raw, tag("f", r), "Streams identity, raw email", StreamsConfig.AT_LEAST_ONCE));
            }
            if (!warmup) {
                rounds.add(round);
            }
        }
        return rounds;
    }

    private static ThroughputWorkloads.Tag tag(final String key, final int round) {
        return new ThroughputWorkloads.Tag(key, round);
    }
}
