package io.spamscorer.cli;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.ops.ModelTopicChecks;
import java.util.Optional;

/**
 * Asks the cluster about the model topic before {@code publish-model} sends anything ({@link ModelTopicChecks}),
 * as one line and an exit code.
 */
final class ModelTopicProbe {

    /** Why publishing cannot start: one line, and the exit code. */
    record Failure(int exitCode, String message) {
    }

    private ModelTopicProbe() {
    }

    /**
     * Empty when the model topic exists. Unreachable brokers give exit code 1 (the same command may work later); a
     * missing topic, a refused login or a missing WRITE grant give 2 (the configuration must change).
     */
    static Optional<Failure> check(final ScorerConfig config) {
        try {
            ModelTopicChecks.probe(config);
            return Optional.empty();
        } catch (final ModelPublisher.PublishException e) {
            return Optional.of(failure(e));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Failure(ExitCodes.FAILED, "interrupted while checking topic " + config.modelTopic()));
        }
    }

    /** The exit code of a failed publication: 1 when it may work later, 2 when the input or configuration must change. */
    static Failure failure(final ModelPublisher.PublishException e) {
        return new Failure(e.retryable() ? ExitCodes.FAILED : ExitCodes.BAD_INPUT, e.getMessage());
    }
}
