package io.spamscorer.ops;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.stream.ScoringTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scorer instance: builds the topology from the config, starts {@link KafkaStreams} with the
 * thread-replacement policy, and closes it within a bounded time. It never calls {@code cleanUp()}: local state
 * is left for Kafka Streams to manage.
 */
public final class ScorerRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerRuntime.class);

    private final ScorerConfig config;
    private final KafkaStreams streams;
    private final ThreadReplacementPolicy policy;
    private final CountDownLatch terminal = new CountDownLatch(1);
    private final CountDownLatch startedOrStopped = new CountDownLatch(1);
    private volatile boolean closing;

    public ScorerRuntime(final ScorerConfig config, final ModelHolder models, final ScoringListener listener) {
        this.config = config;
        final Topology topology = ScoringTopology.build(config, models, listener);
        this.streams = new KafkaStreams(topology, ScoringTopology.streamsProperties(config, listener));
        this.policy = new ThreadReplacementPolicy(config.replacementsMax(), config.replacementsWindow(), Clock.systemUTC(),
                AclHint.of(config)::explain);
        streams.setUncaughtExceptionHandler(policy);
        streams.setStateListener((next, previous) -> {
            LOG.info("streams state {} -> {}", previous, next);
            if (next == KafkaStreams.State.RUNNING) {
                startedOrStopped.countDown();
            }
            if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
                terminal.countDown();
                startedOrStopped.countDown();
            }
        });
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public void start() {
        streams.start();
    }

    /** True once the client has stopped for good for a reason other than {@link #close()}. */
    public boolean failed() {
        return !closing && (streams.state() == KafkaStreams.State.ERROR
                || streams.state() == KafkaStreams.State.NOT_RUNNING || streams.state() == KafkaStreams.State.PENDING_ERROR);
    }

    /** Why the instance gave up, for the exit log line. */
    public String failureReason() {
        final String reason = policy.fatalReason();
        return reason != null ? reason : "Kafka Streams reached state " + streams.state();
    }

    /** Blocks until the client first reaches RUNNING (true), or stops or the timeout passes (false). */
    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        return startedOrStopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Blocks until the client reaches ERROR or NOT_RUNNING, or the timeout passes; returns whether it did. */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return terminal.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The bound on {@link #close()}: {@code scorer.shutdown.timeout}. */
    public Duration shutdownTimeout() {
        return config.shutdownTimeout();
    }

    /** Closes the client within {@code scorer.shutdown.timeout}, leaving the consumer group. */
    @Override
    public void close() {
        closing = true;
        // Leave the group on the way out, so the remaining instances take over the partitions at once instead of
        // waiting for this member's session to time out (45 s by default).
        final boolean closed = streams.close(CloseOptions.timeout(config.shutdownTimeout())
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!closed) {
            LOG.warn("Kafka Streams did not close within {}", config.shutdownTimeout());
        }
    }
}
