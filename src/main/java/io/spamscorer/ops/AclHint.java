package io.spamscorer.ops;

import io.spamscorer.config.ScorerConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Turns a broker's refusal into the ACL the scorer's principal lacks, in one line: Kafka's own messages name the
 * resource at best ({@code Not authorized to access topics: [x]}) and never the operation, and a missing
 * transactional-id grant surfaces as {@code Error encountered trying to initialize transactions} with the cause
 * three levels down. The operations are the README's ACL table: READ on the topics the job reads, WRITE on those it
 * writes, READ on the group and WRITE on the transactional ids prefixed with the {@code application.id}.
 */
public final class AclHint {

    private final Map<String, String> topicGrants = new LinkedHashMap<>();
    private final String applicationId;

    private AclHint(final String applicationId) {
        this.applicationId = applicationId;
    }

    /** The grants of this configuration's topics, group and transactional ids. */
    public static AclHint of(final ScorerConfig config) {
        final AclHint hint = new AclHint(config.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        hint.topic(config.inputTopic(), "READ", ScorerConfig.INPUT_TOPIC);
        hint.topic(config.modelTopic(), "READ", ScorerConfig.MODEL_TOPIC);
        hint.topic(config.outputTopic(), "WRITE", ScorerConfig.OUTPUT_TOPIC);
        hint.topic(config.dlqTopic(), "WRITE", ScorerConfig.DLQ_TOPIC);
        config.featuresTopic().ifPresent(t -> hint.topic(t, "WRITE", ScorerConfig.FEATURES_TOPIC));
        config.labelsTopic().ifPresent(t -> hint.topic(t, "READ", ScorerConfig.LABELS_TOPIC));
        config.examplesTopic().ifPresent(t -> hint.topic(t, "WRITE", ScorerConfig.EXAMPLES_TOPIC));
        config.shadowTopic().ifPresent(t -> hint.topic(t, "WRITE", ScorerConfig.SHADOW_TOPIC));
        return hint;
    }

    private void topic(final String topic, final String operation, final String key) {
        topicGrants.put(topic, operation + " on topic " + topic + " (" + key + ")");
    }

    /**
     * One line naming the missing grant when an {@link AuthorizationException} is in {@code failure}'s cause chain,
     * else null.
     */
    public String explain(final Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof AuthorizationException denied) {
                return "not authorized: the scorer's principal needs " + grantFor(denied, failure) + " ("
                        + denied.getClass().getSimpleName() + ": " + denied.getMessage() + ")";
            }
        }
        return null;
    }

    /** The grants these topics need, e.g. {@code READ on topic in (scorer.input.topic)}. */
    public String topics(final Collection<String> topics) {
        return topics.stream()
                .map(t -> topicGrants.getOrDefault(t, internal(t) ? "CREATE, READ and WRITE on topics with the prefix "
                        + applicationId + "- (a PREFIXED ACL: the labels join's repartition and changelog topics;"
                        + " DELETE on it too, so Kafka Streams can purge the repartition topics)"
                        : "access to topic " + t))
                .distinct()
                .collect(Collectors.joining(", "));
    }

    /**
     * A refusal without topic names (a CreateTopics refusal reads {@code Authorization failed.}) is still named by the
     * exceptions around it, e.g. Kafka Streams' {@code Could not create topic app-feedback-scores-repartition.}: the
     * internal topics and the job's topics their messages mention, else every topic of the job.
     */
    private List<String> mentioned(final Throwable failure) {
        final Set<String> named = new LinkedHashSet<>();
        for (Throwable c = failure; c != null; c = c.getCause()) {
            final String message = c.getMessage();
            if (message == null) {
                continue;
            }
            for (final String word : message.split("[\\s,\\[\\]]+")) {
                // a sentence's full stop is not part of the name, unless a topic of the job is named so
                final String topic = topicGrants.containsKey(word) || !word.endsWith(".") ? word
                        : word.substring(0, word.length() - 1);
                if (topicGrants.containsKey(topic) || internal(topic)) {
                    named.add(topic);
                }
            }
        }
        return named.isEmpty() ? List.copyOf(topicGrants.keySet()) : List.copyOf(named);
    }

    private boolean internal(final String topic) {
        return applicationId != null && topic.startsWith(applicationId + "-");
    }

    private String grantFor(final AuthorizationException denied, final Throwable failure) {
        if (denied instanceof TopicAuthorizationException t) {
            return topics(t.unauthorizedTopics().isEmpty() ? mentioned(failure) : t.unauthorizedTopics());
        }
        if (denied instanceof GroupAuthorizationException g) {
            return "READ on group " + (g.groupId() == null ? applicationId : g.groupId()) + " (the application.id)";
        }
        if (denied instanceof TransactionalIdAuthorizationException) {
            return "WRITE on transactional ids with the prefix " + applicationId + " (the application.id; a PREFIXED ACL,"
                    + " for exactly-once)";
        }
        if (denied instanceof ClusterAuthorizationException) {
            return "IDEMPOTENT_WRITE on the cluster (brokers older than 2.8 ask for it from idempotent producers)";
        }
        return "a grant the broker refused";
    }
}
