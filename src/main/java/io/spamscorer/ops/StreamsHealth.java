package io.spamscorer.ops;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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

    static StreamsHealth of(final ScorerRuntime runtime) {
        return of(runtime::state, runtime::failed);
    }
}
