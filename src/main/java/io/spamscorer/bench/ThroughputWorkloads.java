package io.spamscorer.bench;

import io.spamscorer.config.ScorerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The throughput workloads (a)–(f), one run of one round each: it copies or scores every record of an input topic
 * into the workload's own output topic, then measures from its first read to the broker's append of its last output.
 */
final class ThroughputWorkloads {

    /**
     * An input topic of the bench with its record count, total value bytes, the producer request size its records
     * need (0: the client default) and how long a workload may take over it.
     */
    record Input(String topic, int records, long bytes, int maxRequestBytes, Duration timeout) {
    }

    /**
     * Workload {@code key} in round {@code round}, counted from 1 including the warm-up rounds: its group or
     * application id, output and dead-letter topics.
     */
    record Tag(String key, int round) {

        @Override
        public String toString() {
            return key + round;
        }
    }

    private final BenchRunner.Settings s;
    private final PrintStream log;
    private final RunNames names;
    private final BenchKafka kafka;
    private final WorkloadProps props;

    ThroughputWorkloads(final BenchRunner.Settings settings, final PrintStream log, final RunNames names,
                        final BenchKafka kafka, final WorkloadProps props) {
        this.s = settings;
        this.log = log;
        this.names = names;
        this.kafka = kafka;
        this.props = props;
    }

    /** Generous for this VM: {@code perSecond} records per second, but at least 2 minutes. */
    static Duration timeout(final int records, final int perSecond) {
        return Duration.ofSeconds(Math.max(120, records / perSecond));
    }

    /** (a): a plain consumer → producer loop. */
    BenchResult.Workload plain(final Input in, final int round) {
        final Tag tag = new Tag("a", round);
        final String group = names.group(tag.toString());
        log.println("(a) plain consumer -> producer loop ...");
        final long copied = PlainLoop.run(kafka.clientProps(), props.producer(s.lingerMs()), group, in.topic(),
                names.out(tag.toString()), in.records(), in.timeout());
        final long observed = System.currentTimeMillis();
        return finish(in, tag, "plain consumer->producer", group, copied >= in.records() ? observed : -1, Double.NaN);
    }

    /** (b) and (f): a Streams identity topology; (c), (d) and (e): the scorer; under {@code guarantee}. */
    BenchResult.Workload streams(final Input input, final Tag tag, final String name, final String guarantee)
            throws InterruptedException {
        final String app = names.group(tag.toString());
        final String out = names.out(tag.toString());
        final String in = input.topic();
        log.printf("(%s) %s ...%n", tag.key(), name);
        final boolean rawEmail = "e".equals(tag.key()) || "f".equals(tag.key());
        final boolean identity = "b".equals(tag.key()) || "f".equals(tag.key());
        final boolean eos = !StreamsConfig.AT_LEAST_ONCE.equals(guarantee);
        final BooleanSupplier done = eos ? () -> kafka.committedSum(app, in) >= input.records()
                : () -> kafka.endOffsetSum(out) >= input.records();
        final Ran ran;
        try (StateDir stateDir = StateDir.create()) {
            final Map<String, String> p = props.streams(app, stateDir.path(), guarantee, s.lingerMs());
            if (rawEmail) {
                p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(s.email().streamThreads()));
            }
            if (identity && input.maxRequestBytes() > 0) {
                p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                        Integer.toString(input.maxRequestBytes()));
            }
            if (identity) {
                ran = runIdentity(p, in, out, done, input.timeout());
            } else {
                final boolean emailScorer = "e".equals(tag.key());
                final Path model = emailScorer ? s.email().modelPath() : s.modelPath();
                props.scorer(p, in, out, names.dlq(tag.toString()), model, emailScorer);
                try (DeployedScorer scorer = new DeployedScorer(ScorerConfig.of(p), model)) {
                    scorer.runtime().start();
                    final long observed = Completion.await(log, done, scorer.runtime()::failed, input.timeout());
                    ran = new Ran(observed, AppThreadsCpu.nanos(app));
                }
            }
        }
        final double cpuMicros = ran.cpuNanos() < 0 ? Double.NaN : ran.cpuNanos() / 1e3 / input.records();
        return finish(input, tag, name, app, ran.observedMillis(), cpuMicros);
    }

    /** When a Streams workload was seen complete, and the CPU its threads had used by then (-1: not measured). */
    private record Ran(long observedMillis, long cpuNanos) {
    }

    private Ran runIdentity(final Map<String, String> p, final String in, final String out, final BooleanSupplier done,
                            final Duration timeout) throws InterruptedException {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        final Properties config = new Properties();
        config.putAll(p);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.start();
            final long observed = Completion.await(log, done, () -> streams.state() == KafkaStreams.State.ERROR, timeout);
            final long cpu = AppThreadsCpu.nanos(p.get(StreamsConfig.APPLICATION_ID_CONFIG));
            // As ScorerRuntime closes the scorer: a member that does not leave keeps a rebalance of its two threads
            // waiting for session.timeout.ms (45 s), and close(30 s) then close() waited ~48 s after some (f) runs.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            return new Ran(observed, cpu);
        }
    }

    private BenchResult.Workload finish(final Input in, final Tag tag, final String name, final String group,
                                        final long observedMillis, final double cpuMicrosPerRecord) {
        final long first = FirstRead.millis(group);
        final String out = names.out(tag.toString());
        final long last = kafka.lastTimestamp(out);
        final long outputs = kafka.count(out, Duration.ofMinutes(2));
        final double secs = first < 0 || last < first ? 0 : (last - first) / 1000.0;
        final double observedSecs = first < 0 || observedMillis < first ? 0 : (observedMillis - first) / 1000.0;
        final BenchResult.Workload w = new BenchResult.Workload(tag.key(), name, tag.round() - s.warmupRounds(), in.records(),
                outputs, secs, observedSecs, in.bytes(), cpuMicrosPerRecord);
        log.printf(Locale.ROOT, "  %,.0f records/s, %.1f MB/s (%.2f s first read -> last append; %,.0f/s by completion seen), "
                + "%,d outputs%s%n", w.recordsPerSecond(), w.megabytesPerSecond(), secs, w.observedRecordsPerSecond(), outputs,
                Double.isFinite(cpuMicrosPerRecord) ? String.format(Locale.ROOT, ", %.2f us CPU per record", cpuMicrosPerRecord) : "");
        return w;
    }
}
