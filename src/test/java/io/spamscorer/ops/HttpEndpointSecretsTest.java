package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelHolder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the endpoint serves carries a credential: the scorer is wired as {@code run} wires it (config loader, model
 * file, Kafka Streams built from that config with SASL and every secret-looking key set, its client metrics bound)
 * and every path is read back. The Streams client is not started, so no broker is needed.
 */
class HttpEndpointSecretsTest {

    /** One distinct value per secret-looking key, so a leak names its key. */
    private static final Map<String, String> SECRETS = Map.of(
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"scorer\""
                    + " password=\"JAAS-PW-4e1f\";",
            "ssl.truststore.password", "TRUSTSTORE-PW-93ab",
            "ssl.keystore.password", "KEYSTORE-PW-c2d8",
            "ssl.key.password", "KEY-PW-77e0",
            "basic.auth.user.info", "registry-user:BASIC-AUTH-PW-5a6b",
            "sasl.oauthbearer.token.endpoint.url", "https://idp.example/TOKEN-URL-0c3e");

    @TempDir
    Path stateDir;

    @Test
    void shouldNeverServeACredentialOnAnyPath() throws Exception {
        final Map<String, String> values = new TreeMap<>(SECRETS);
        values.put("bootstrap.servers", "localhost:1");
        values.put("security.protocol", "SASL_PLAINTEXT");
        values.put("sasl.mechanism", "PLAIN");
        values.put("state.dir", stateDir.toString());
        final ScorerConfig config = ScorerConfig.of(values);
        final ModelHolder models = ScorerService.loadModelFile(config);
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ScorerMetrics metrics = new ScorerMetrics(registry, models);
             ScorerRuntime runtime = new ScorerRuntime(config, models, metrics)) {
            metrics.bindStreams(runtime.streams());
            try (OpsServer server = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    StreamsHealth.of(runtime::state, runtime::failed), () -> {
                        metrics.refreshModel();
                        return registry.scrape();
                    }, models::current)) {
                final HttpClient client = HttpClient.newHttpClient();
                final StringBuilder served = new StringBuilder();
                for (final String path : List.of("/model", "/metrics", "/health/live", "/health/ready", "/nothing")) {
                    final HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    served.append(r.headers().map()).append('\n').append(r.body()).append('\n');
                    assertFalse(r.body().isEmpty(), path);
                }
                final String all = served.toString();
                assertTrue(all.contains("kafka_"), "the Kafka client metrics are bound, so the check is not vacuous");
                for (final String marker : List.of("JAAS-PW-4e1f", "TRUSTSTORE-PW-93ab", "KEYSTORE-PW-c2d8", "KEY-PW-77e0",
                        "BASIC-AUTH-PW-5a6b", "TOKEN-URL-0c3e", "PlainLoginModule")) {
                    assertFalse(all.contains(marker), marker + " is served");
                }
                // /model is the model's own metadata, not the configuration: no Kafka key or value appears in it.
                final String model = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/model")).build(), HttpResponse.BodyHandlers.ofString()).body();
                for (final String configText : List.of("localhost:1", "SASL", "bootstrap", "sasl", "ssl", "password")) {
                    assertFalse(model.contains(configText), configText + " in /model: " + model);
                }
                assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/health/live")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            }
        } finally {
            registry.close();
        }
    }
}
