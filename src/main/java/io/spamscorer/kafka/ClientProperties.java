package io.spamscorer.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;

/** Client configurations for the listeners of an {@link EmbeddedKafka}. */
final class ClientProperties {

    static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(2);

    private ClientProperties() {
    }

    static Map<String, Object> plaintext(final String bootstrapServers) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    static Map<String, Object> saslPlain(final String bootstrapServers, final String username, final String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, BrokerConfig.SASL_LISTENER,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, Jaas.plainLoginModule(
                        "username=" + Jaas.quote(username) + " password=" + Jaas.quote(password)));
    }

    static Map<String, Object> scram(final String bootstrapServers, final String username, final String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, BrokerConfig.SASL_LISTENER,
                SaslConfigs.SASL_MECHANISM, EmbeddedKafka.SCRAM_MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, Jaas.scramLoginModule(username, password));
    }

    /** The harness's own admin client, on the PLAINTEXT listener (a super user under an authorizer). */
    static Map<String, Object> admin(final String bootstrapServers) {
        final Map<String, Object> props = new LinkedHashMap<>(plaintext(bootstrapServers));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL_TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return props;
    }
}
