package io.spamscorer.bench;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.ops.ScorerRuntime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The scorer's end-to-end latency at a fixed open-loop rate: a {@link LatencyProbe} writes Spambase rows into the
 * run's own input topic while the scorer, at-least-once with the latency run's {@code linger.ms}, scores them.
 */
final class LatencyRun {

    private final BenchRunner.Settings s;
    private final PrintStream log;
    private final RunNames names;
    private final BenchKafka kafka;
    private final WorkloadProps props;

    LatencyRun(final BenchRunner.Settings settings, final PrintStream log, final RunNames names, final BenchKafka kafka,
               final WorkloadProps props) {
        this.s = settings;
        this.log = log;
        this.names = names;
        this.kafka = kafka;
        this.props = props;
    }

    /** Latency at {@code rate} records/s over the topics of {@code tag}, or null (skipped) when the rate is not > 0. */
    BenchResult.Latency measure(final BenchRecords records, final double rate, final String tag)
            throws InterruptedException {
        if (!(rate > 0)) {
            log.println("latency: skipped, workload (c) has no throughput");
            return null;
        }
        log.printf(Locale.ROOT, "latency: scorer at_least_once at %,.0f records/s open-loop (%s warm-up + %s) ...%n",
                rate, s.latencyWarmup(), s.latencyMeasured());
        final String in = names.latencyIn(tag);
        final String out = names.out(tag);
        final LatencyProbe probe = new LatencyProbe(props.producer(1), records, rate, s.latencyWarmup(),
                s.latencyMeasured());
        try (StateDir stateDir = StateDir.create()) {
            final Map<String, String> p = props.streams(names.group(tag), stateDir.path(), StreamsConfig.AT_LEAST_ONCE,
                    s.latencyLingerMs());
            props.scorer(p, in, out, names.dlq(tag), s.modelPath(), false);
            try (DeployedScorer scorer = new DeployedScorer(ScorerConfig.of(p), s.modelPath())) {
                final ScorerRuntime runtime = scorer.runtime();
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
                Completion.await(log, () -> kafka.endOffsetSum(out) >= probe.total(), runtime::failed,
                        Duration.ofSeconds(Math.max(120, probe.total() / 4000)));
            }
        }
        final BenchResult.Latency l = probe.measure(kafka, out, Duration.ofMinutes(2));
        log.printf(Locale.ROOT, "  p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms over %,d records (%,d missing)%n",
                l.p50(), l.p99(), l.p999(), l.max(), l.measured(), l.missing());
        return l;
    }
}
