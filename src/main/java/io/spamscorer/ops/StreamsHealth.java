package io.spamscorer.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the health endpoints ask about the streams client: its state, and whether it stopped for good for a reason
 * other than an orderly close. {@link #of(ScorerRuntime)} adapts the runtime; tests pass plain suppliers.
 */
public interface StreamsHealth {

    KafkaStreams.State state();

    /** True once the client has stopped for good for a reason other than close (see {@link ScorerRuntime#failed()}). */
    boolean failed();

    /** Live unless the client is in (or heading for) ERROR, or stopped after a failure. */
    default boolean live() {
        return live(state(), failed());
    }

    /**
     * Why the instance is not ready although the client may be RUNNING (e.g. the model topic cannot be read), or
     * null; {@code /health/ready} answers 503 with it.
     */
    default String degraded() {
        return null;
    }

    /** Ready only while RUNNING: REBALANCING, CREATED, shutting down etc. take the pod out of service. */
    default boolean ready() {
        return ready(state());
    }

    static boolean live(final KafkaStreams.State state, final boolean failed) {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR && !failed;
    }

    static boolean ready(final KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING;
    }

    static StreamsHealth of(final Supplier<KafkaStreams.State> state, final BooleanSupplier failed) {
        return of(state, failed, () -> null);
    }

    /** As above, with {@code degraded} as {@link #degraded()}. */
    static StreamsHealth of(final Supplier<KafkaStreams.State> state, final BooleanSupplier failed,
                            final Supplier<String> degraded) {
        Objects.requireNonNull(state, "state == null");
        Objects.requireNonNull(failed, "failed == null");
        Objects.requireNonNull(degraded, "degraded == null");
        return new StreamsHealth() {
            @Override
            public String degraded() {
                return degraded.get();
            }

            @Override
            public KafkaStreams.State state() {
                return state.get();
            }

            @Override
            public boolean failed() {
                return failed.getAsBoolean();
            }
        };
    }

    /**
     * Why the client is stuck although RUNNING, or null: a stream thread that has not polled its main consumer for
     * {@code threshold} is blocked on Kafka — in a send or a commit the brokers do not acknowledge, as when two of
     * three brokers are down and every partition is below {@code min.insync.replicas}. Kafka Streams stays RUNNING
     * then (its producer retries until the transaction or delivery timeout), so without this {@code /health/ready}
     * said "ready: RUNNING" through the whole outage. An idle thread still polls every {@code poll.ms}.
     */
    static String stalled(final Map<MetricName, ? extends Metric> metrics, final Duration threshold) {
        double worst = 0;
        for (final Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            final MetricName name = e.getKey();
            if ("last-poll-seconds-ago".equals(name.name()) && "consumer-metrics".equals(name.group())
                    && MAIN_CONSUMER.matcher(name.tags().getOrDefault("client-id", "")).find()
                    && e.getValue().metricValue() instanceof Number seconds) {
                worst = Math.max(worst, seconds.doubleValue());
            }
        }
        if (worst < threshold.toSeconds()) {
            return null;
        }
        return "stalled: a stream thread has not polled Kafka for " + (long) worst + " s, blocked on a write or"
                + " commit the brokers do not acknowledge (brokers down, or partitions below min.insync.replicas)";
    }

    /** The client id of a stream thread's main consumer (not its restore consumer). */
    Pattern MAIN_CONSUMER = Pattern.compile("-StreamThread-\\d+-consumer$");

    /** How long a stream thread may go without polling before {@link #stalled} reports it. */
    Duration STALL_THRESHOLD = Duration.ofSeconds(15);

    /** The first non-null of the {@code reasons}, for {@link #degraded()}. */
    @SafeVarargs
    static Supplier<String> firstReason(final Supplier<String>... reasons) {
        return () -> {
            for (final Supplier<String> reason : reasons) {
                final String r = reason.get();
                if (r != null) {
                    return r;
                }
            }
            return null;
        };
    }

    static StreamsHealth of(final ScorerRuntime runtime) {
        return of(runtime::state, runtime::failed);
    }
}
