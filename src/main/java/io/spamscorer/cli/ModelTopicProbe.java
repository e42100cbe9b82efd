package io.spamscorer.cli;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.ops.ModelTopicSettings;
import io.spamscorer.ops.TopicGuard;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks the cluster about the model topic before {@code publish-model} sends anything. A producer alone cannot tell
 * an unreachable cluster from a missing topic: both end as "topic not present in metadata" when its wait runs out.
 */
final class ModelTopicProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

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
        final String topic = config.modelTopic();
        final Object servers = config.clientProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        final Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = TopicGuard.createAdmin(props)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (final ExecutionException e) {
            return Optional.of(failure(e.getCause(), topic, servers));
        } catch (final TimeoutException e) {
            return Optional.of(unreachable(servers));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Failure(ExitCodes.FAILED, "interrupted while checking topic " + topic));
        }
    }

    private static Failure failure(final Throwable cause, final String topic, final Object servers) {
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new Failure(ExitCodes.BAD_INPUT, "model topic " + topic + " (" + ScorerConfig.MODEL_TOPIC
                    + ") does not exist on " + servers + "; start the job once with --create-topics, or create it with 1 partition,"
                    + " cleanup.policy=compact and max.message.bytes=" + ModelTopicSettings.MAX_MESSAGE_BYTES);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unreachable(servers);
        }
        if (cause instanceof AuthenticationException) {
            return new Failure(ExitCodes.BAD_INPUT, "Kafka at " + servers + " refused the login: " + cause.getMessage());
        }
        if (cause instanceof TopicAuthorizationException) {
            return new Failure(ExitCodes.BAD_INPUT, "not allowed to describe topic " + topic + " on " + servers
                    + "; publish-model needs WRITE on it (which implies DESCRIBE)");
        }
        return new Failure(ExitCodes.FAILED, "cannot check topic " + topic + " on " + servers + ": " + cause);
    }

    private static Failure unreachable(final Object servers) {
        return new Failure(ExitCodes.FAILED, "cannot reach Kafka at " + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG + "=" + servers
                + " within " + TIMEOUT.toSeconds() + " s; check the address and that the brokers are up");
    }
}
