package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer against an SSL listener, configured by properties alone: with the broker's certificate in its trust
 * store it scores; without it, startup fails fast with an SSL handshake error instead of hanging.
 */
class SslIT {

    private static final String PASSWORD = "changeit";

    private static Path dir;
    private static Path trustStore;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("spam-scorer-ssl");
        final Path keyStore = dir.resolve("broker.p12");
        trustStore = dir.resolve("trust.p12");
        final Path cert = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        kafka = EmbeddedKafka.builder().sslListener(keyStore, PASSWORD).start();
    }

    @AfterAll
    static void stopBroker() throws IOException {
        if (kafka != null) {
            kafka.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void keytool(final String... args) throws IOException, InterruptedException {
        final List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ": " + out);
    }

    private static Map<String, String> settings(final String prefix, final boolean trust) throws URISyntaxException {
        final Map<String, String> v = new HashMap<>();
        v.put("bootstrap.servers", kafka.sslBootstrapServers());
        v.put("security.protocol", "SSL");
        if (trust) {
            v.put("ssl.truststore.location", trustStore.toString());
            v.put("ssl.truststore.password", PASSWORD);
            v.put("ssl.truststore.type", "PKCS12");
        }
        v.put("application.id", "spam-scorer-" + prefix);
        v.put("state.dir", dir.resolve("state-" + prefix).toString());
        v.put(ScorerConfig.INPUT_TOPIC, prefix + ".in");
        v.put(ScorerConfig.OUTPUT_TOPIC, prefix + ".out");
        v.put(ScorerConfig.DLQ_TOPIC, prefix + ".dlq");
        v.put(ScorerConfig.MODEL_TOPIC, prefix + ".models");
        v.put(ScorerConfig.TOPICS_CREATE, "true");
        v.put(ScorerConfig.TOPICS_PARTITIONS, "1");
        v.put(ScorerConfig.MODEL_PATH, Path.of(SslIT.class.getResource("/tiny-model.json").toURI()).toString());
        v.put(ScorerConfig.SHUTDOWN_TIMEOUT, "20s");
        return v;
    }

    private static Map<String, Object> clientProps(final ScorerConfig config) {
        return new HashMap<>(config.clientProperties());
    }

    @Test
    void shouldScoreThroughSslListenerTrustingTheBrokerCertificate() throws Exception {
        final ScorerConfig config = ScorerConfig.of(settings("ssl-ok", true));
        assertTrue(!config.describe().contains(PASSWORD), "the trust store password is masked");
        final JsonNode scored = SaslIT.scoreOneRecord(config, clientProps(config), "ssl-1");
        assertEquals("ssl-1", scored.get("id").asText());
        assertEquals("tiny", scored.at("/model/name").asText());
    }

    @Test
    void shouldFailFastWithAnSslErrorWhenTheCertificateIsNotTrusted() throws Exception {
        final RuntimeException failure = SaslIT.topicGuardFailure(ScorerConfig.of(settings("ssl-untrusted", false)));
        assertInstanceOf(ConfigurationException.class, failure, failure.toString());
        assertInstanceOf(SslAuthenticationException.class, failure.getCause(), String.valueOf(failure.getCause()));
        assertTrue(failure.getMessage().contains(kafka.sslBootstrapServers()), failure.getMessage());
    }
}
