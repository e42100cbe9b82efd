package io.spamscorer.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the model watcher can read the model topic. While it cannot (the topic was deleted, or cannot be
 * described) the job keeps scoring with its current model, {@code /health/ready} answers 503 with the reason, and
 * {@code spam_scorer_model_topic_available} is 0; {@code spam_scorer_model_topic_errors_total} counts the failed
 * checks.
 */
public final class ModelTopicStatus {

    public static final String AVAILABLE = "spam_scorer.model_topic.available";
    public static final String ERRORS = "spam_scorer.model_topic.errors";

    private final String topic;
    private final AtomicLong errors = new AtomicLong();
    private volatile Problem problem;
    private volatile long checks;

    private record Problem(String reason, Instant since) {
    }

    public ModelTopicStatus(final String topic) {
        this.topic = Objects.requireNonNull(topic, "topic == null");
    }

    public String topic() {
        return topic;
    }

    public boolean available() {
        return problem == null;
    }

    /** Why the topic cannot be read and since when, in one line; null while it is available. */
    public String problem() {
        final Problem p = problem;
        return p == null ? null : "model topic " + topic + " is unavailable since " + p.since() + ": " + p.reason()
                + "; still scoring with the current model";
    }

    public long errors() {
        return errors.get();
    }

    /** How many times the topic was re-checked while unavailable (for tests that wait for the back-off to run). */
    public long checks() {
        return checks;
    }

    /** Records a failed check; returns true if the topic was available until now. */
    boolean failed(final String reason, final Instant now) {
        errors.incrementAndGet();
        checks++;
        final boolean first = problem == null;
        problem = new Problem(reason, first ? now : problem.since());
        return first;
    }

    /** Records a successful check; returns true if the topic was unavailable until now. */
    boolean recovered() {
        final boolean was = problem != null;
        problem = null;
        return was;
    }

    /** Registers the availability gauge and the error counter. */
    public void bindTo(final MeterRegistry registry) {
        Gauge.builder(AVAILABLE, this, s -> s.available() ? 1.0 : 0.0)
                .description("1 while the model watcher can read the model topic, 0 while it cannot (scoring goes on with the current model)")
                .tag("topic", topic)
                .register(registry);
        FunctionCounter.builder(ERRORS, this, s -> s.errors())
                .description("Failed checks of the model topic (deleted, or cannot be described)")
                .tag("topic", topic)
                .register(registry);
    }
}
