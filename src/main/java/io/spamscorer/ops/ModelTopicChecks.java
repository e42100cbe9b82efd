package io.spamscorer.ops;

import io.spamscorer.config.ScorerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks the cluster about the model topic before anything is sent to it. A producer alone cannot tell an unreachable
 * cluster from a missing topic: both end as "topic not present in metadata" when its wait runs out.
 */
public final class ModelTopicChecks {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ModelTopicChecks() {
    }

    /**
     * Returns when the model topic exists. Unreachable brokers are {@linkplain ModelPublisher.PublishException#retryable()
     * retryable} (the same command may work later); a missing topic, a refused login or a missing grant are not (the
     * configuration must change).
     *
     * @throws ModelPublisher.PublishException saying why publishing cannot start
     */
    public static void probe(final ScorerConfig config) throws InterruptedException {
        final String topic = config.modelTopic();
        final Object servers = config.clientProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        final Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = TopicGuard.createAdmin(props)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw failure(e.getCause(), topic, servers);
        } catch (final TimeoutException e) {
            throw unreachable(servers);
        }
    }

    private static ModelPublisher.PublishException failure(final Throwable cause, final String topic, final Object servers) {
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new ModelPublisher.PublishException("model topic " + topic + " (" + ScorerConfig.MODEL_TOPIC
                    + ") does not exist on " + servers + "; start the job once with --create-topics, or create it with 1 partition,"
                    + " cleanup.policy=compact and max.message.bytes=" + ModelTopicSettings.MAX_MESSAGE_BYTES, false);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unreachable(servers);
        }
        if (cause instanceof AuthenticationException) {
            return new ModelPublisher.PublishException("Kafka at " + servers + " refused the login: " + cause.getMessage(), false);
        }
        if (cause instanceof TopicAuthorizationException) {
            return new ModelPublisher.PublishException("not allowed to describe topic " + topic + " on " + servers
                    + "; publish-model needs WRITE on it (which implies DESCRIBE)", false);
        }
        return new ModelPublisher.PublishException("cannot check topic " + topic + " on " + servers + ": " + cause, true);
    }

    private static ModelPublisher.PublishException unreachable(final Object servers) {
        return new ModelPublisher.PublishException("cannot reach Kafka at " + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG + "=" + servers
                + " within " + TIMEOUT.toSeconds() + " s; check the address and that the brokers are up", true);
    }
}
