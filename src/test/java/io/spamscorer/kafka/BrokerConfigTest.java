package io.spamscorer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The server.properties an embedded broker runs with, for the listener and security options of its builder. */
class BrokerConfigTest {

    private static final Path DATA = Path.of("/data");

    @Test
    void shouldAdvertiseEveryClientListenerButNotTheController() {
        final Properties props = config(9092, 9093, 9094, 9095, Map.of("u", "p"), null,
                new BrokerConfig.SslKeyStore(Path.of("/ks.p12"), "secret")).toProperties();

        assertEquals("PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094,SSL://127.0.0.1:9095,"
                + "CONTROLLER://127.0.0.1:9093", props.getProperty("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094,SSL://127.0.0.1:9095",
                props.getProperty("advertised.listeners"));
        assertEquals("/ks.p12", props.getProperty("listener.name.ssl.ssl.keystore.location"));
        assertEquals("127.0.0.1:9093", props.getProperty("controller.quorum.bootstrap.servers"));
    }

    @Test
    void shouldQuoteThePlainUsersPasswordsInTheListenersJaasLine() {
        final Properties props = config(9092, 9093, 9094, -1, Map.of("u", "a\"b\\c"), null, null).toProperties();

        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required user_u=\"a\\\"b\\\\c\";",
                props.getProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config"));
        assertEquals("PLAIN", props.getProperty("sasl.enabled.mechanisms"));
    }

    @Test
    void shouldKeepScramCredentialsOutOfTheBrokerConfig() {
        final BrokerConfig config = new BrokerConfig(DATA, 1, 9092, 9093, 9094, -1, null, Map.of(),
                Map.of("s", "scram-secret"), null, null, Map.of());

        final Properties props = config.toProperties();

        assertEquals("SCRAM-SHA-512", props.getProperty("listener.name.sasl_plaintext.sasl.enabled.mechanisms"));
        assertFalse(props.toString().contains("scram-secret"), props.toString());
    }

    @Test
    void shouldMakeTheAnonymousPlaintextPrincipalASuperUserUnderTheAuthorizer() {
        final Properties props = config(9092, 9093, -1, -1, Map.of(), List.of("User:admin"), null).toProperties();

        assertEquals("User:ANONYMOUS;User:admin", props.getProperty("super.users"));
        assertEquals("false", props.getProperty("allow.everyone.if.no.acl.found"));
    }

    @Test
    void shouldLetExtraPropertiesWinOverTheDefaults() {
        final BrokerConfig config = new BrokerConfig(DATA, 2, 9092, 9093, -1, -1, "1@127.0.0.1:9093", Map.of(),
                Map.of(), null, null, Map.of("num.io.threads", "7"));

        final Properties props = config.toProperties();

        assertEquals("7", props.getProperty("num.io.threads"));
        assertEquals("1@127.0.0.1:9093", props.getProperty("controller.quorum.voters"));
        assertFalse(props.containsKey("controller.quorum.bootstrap.servers"));
        assertFalse(props.containsKey("authorizer.class.name"));
        assertTrue(props.getProperty("log.dirs").endsWith("kafka-logs"));
    }

    private static BrokerConfig config(final int port, final int controllerPort, final int saslPort, final int sslPort,
                                       final Map<String, String> saslUsers, final List<String> superUsers,
                                       final BrokerConfig.SslKeyStore keyStore) {
        return new BrokerConfig(DATA, 1, port, controllerPort, saslPort, sslPort, null, saslUsers, Map.of(),
                superUsers, keyStore, Map.of());
    }
}
