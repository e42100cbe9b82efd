package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import java.nio.file.Path;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.Reason;
import io.spamscorer.stream.ScoredRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpEndpointsTest {

    private static final Instant LOADED_AT = Instant.parse("2026-03-01T12:00:00Z");

    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicBoolean failed = new AtomicBoolean();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ModelHolder models = new ModelHolder(loaded("tiny", "7", true));
    private final ScorerMetrics metrics = new ScorerMetrics(registry, models);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private OpsServer server;

    @BeforeEach
    void startServer() {
        server = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                StreamsHealth.of(state::get, failed::get),
                () -> {
                    metrics.refreshModel();
                    return registry.scrape();
                },
                models::current);
    }

    @AfterEach
    void stopServer() {
        server.close();
        metrics.close();
        registry.close();
    }

    static LoadedModel loaded(final String name, final String version, final boolean withTraining) {
        final ObjectNode training = Json.mapper().createObjectNode();
        training.put("rows", 4601);
        training.putObject("metrics").put("auc", 0.97).put("f1", 0.91);
        final Model m = Model.builder().name(name).version(version).features(List.of("a", "b", "c"))
                .weights(new double[] {2.0, -1.0, 0.5}).bias(-0.5).threshold(0.6)
                .training(withTraining ? training : null).build();
        return new LoadedModel(m, "/app/config/" + name + ".json", LOADED_AT);
    }

    private HttpResponse<String> request(final String method, final String path) throws IOException, InterruptedException {
        final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample line of a Prometheus text exposition, or NaN when the series is absent. */
    static double sample(final String exposition, final String series) {
        return exposition.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0]))
                .findFirst().orElse(Double.NaN);
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return request("GET", path);
    }

    @Test
    void shouldAnswerHealthWhileClientsHoldHalfSentRequests() throws Exception {
        final List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                final Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write("GET /health/live HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            // The request's timeout only keeps a regression from hanging the build; stalled heads hold no thread, and
            // HttpEndpointAbuseTest covers many more such clients.
            final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            assertEquals(200, client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            for (final Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void shouldBeReadyOnlyWhileRunning() throws Exception {
        for (final State s : List.of(State.CREATED, State.REBALANCING, State.PENDING_SHUTDOWN, State.NOT_RUNNING)) {
            state.set(s);
            final HttpResponse<String> r = get("/health/ready");
            assertEquals(503, r.statusCode(), s.name());
            assertTrue(r.body().contains(s.name()), "body names the state: " + r.body());
        }
        state.set(State.RUNNING);
        final HttpResponse<String> running = get("/health/ready");
        assertEquals(200, running.statusCode());
        assertTrue(running.body().contains("RUNNING"), running.body());

        state.set(State.REBALANCING);
        assertEquals(503, get("/health/ready").statusCode(), "a rebalance takes the instance out of service again");
    }

    @Test
    void shouldNotBeReadyButStayLiveWhileTheModelTopicCannotBeRead() throws Exception {
        final AtomicReference<String> problem = new AtomicReference<>("model topic models is unavailable since "
                + LOADED_AT + ": the topic does not exist");
        state.set(State.RUNNING);
        try (OpsServer degraded = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                StreamsHealth.of(state::get, failed::get, problem::get), registry::scrape, models::current)) {
            final HttpResponse<String> ready = get(degraded, "/health/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("RUNNING") && ready.body().contains("model topic models is unavailable")
                    && ready.body().contains("the topic does not exist"), ready.body());
            assertEquals(200, get(degraded, "/health/live").statusCode(), "scoring goes on, so no restart");

            problem.set(null);
            assertEquals(200, get(degraded, "/health/ready").statusCode());
        }
    }

    private HttpResponse<String> get(final OpsServer on, final String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBeLiveWhileStartingRebalancingAndRunning() throws Exception {
        for (final State s : List.of(State.CREATED, State.REBALANCING, State.RUNNING, State.PENDING_SHUTDOWN)) {
            state.set(s);
            assertEquals(200, get("/health/live").statusCode(), s.name());
        }
    }

    @Test
    void shouldNotBeLiveInError() throws Exception {
        state.set(State.ERROR);
        final HttpResponse<String> r = get("/health/live");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("ERROR"), r.body());
        assertEquals(503, get("/health/ready").statusCode());
    }

    @Test
    void shouldNotBeLiveWhenStoppedAfterFailureButLiveWhenStoppedByClose() throws Exception {
        state.set(State.NOT_RUNNING);
        assertEquals(200, get("/health/live").statusCode(), "an orderly close is not a liveness failure");

        failed.set(true);
        final HttpResponse<String> r = get("/health/live");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("NOT_RUNNING") && r.body().contains("failed"), r.body());
    }

    @Test
    void shouldServeAppMetricsInPrometheusFormat() throws Exception {
        metrics.scored(new ScoredRecord("m1", 0.9, "spam", 2.2, 0.6, "tiny", "7", System.currentTimeMillis(), List.of()),
                System.currentTimeMillis() - 250, 3_000_000);
        metrics.scored(new ScoredRecord("m2", 0.1, "ham", -2.2, 0.6, "tiny", "7", System.currentTimeMillis(), List.of()),
                System.currentTimeMillis() - 250, 1_000_000);
        metrics.deadLettered(Reason.NOT_JSON);
        metrics.unknownFeatures(4);

        final HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        final String body = r.body();
        assertEquals(1.0, sample(body, "spam_scorer_records_scored_total{label=\"spam\"}"), body);
        assertEquals(1.0, sample(body, "spam_scorer_records_scored_total{label=\"ham\"}"), body);
        assertEquals(1.0, sample(body, "spam_scorer_records_dead_lettered_total{reason=\"not_json\"}"), body);
        assertEquals(0.0, sample(body, "spam_scorer_records_dead_lettered_total{reason=\"tombstone\"}"), body);
        assertEquals(4.0, sample(body, "spam_scorer_features_unknown_total"), body);
        // 1 ms and 3 ms: only the first is at or below the ~2.1 ms bucket.
        assertEquals(1.0, sample(body, "spam_scorer_scoring_latency_seconds_bucket{le=\"0.002097151\"}"), body);
        assertEquals(2.0, sample(body, "spam_scorer_scoring_latency_seconds_bucket{le=\"+Inf\"}"), body);
        assertEquals(2.0, sample(body, "spam_scorer_scoring_latency_seconds_count"), body);
        assertEquals(0.004, sample(body, "spam_scorer_scoring_latency_seconds_sum"), 1e-12, body);
        assertEquals(0.0, sample(body, "spam_scorer_end_to_end_latency_seconds_bucket{le=\"0.001\"}"), body);
        assertEquals(2.0, sample(body, "spam_scorer_end_to_end_latency_seconds_bucket{le=\"+Inf\"}"), body);
        assertEquals(2.0, sample(body, "spam_scorer_end_to_end_latency_seconds_count"), body);
        assertEquals(0.5, sample(body, "spam_scorer_spam_ratio"), body);
        assertEquals(1.0, sample(body, "spam_scorer_model_info{name=\"tiny\",version=\"7\"}"), body);
    }

    @Test
    void shouldSwitchModelInfoSeriesWhenTheModelChanges() throws Exception {
        assertEquals(1.0, sample(get("/metrics").body(), "spam_scorer_model_info{name=\"tiny\",version=\"7\"}"));

        models.swap(loaded("tiny", "8", false));

        final String body = get("/metrics").body();
        assertEquals(1.0, sample(body, "spam_scorer_model_info{name=\"tiny\",version=\"8\"}"), body);
        assertFalse(body.contains("version=\"7\""), "the replaced model's series is gone: " + body);
    }

    @Test
    void shouldServeTheFeaturizerOfAnEmailModel() throws Exception {
        models.swap(new LoadedModel(ModelLoader.load(Path.of("config/email-model.json")), "config/email-model.json", LOADED_AT));
        final JsonNode json = Json.mapper().readTree(get("/model").body());
        assertEquals("words", json.get("featurizer").get("type").asText());
        assertEquals(9780, json.get("featureCount").asInt());
    }

    @Test
    void shouldServeModelMetadataAsJson() throws Exception {
        final HttpResponse<String> r = get("/model");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        final JsonNode json = Json.mapper().readTree(r.body());
        assertEquals("tiny", json.get("name").asText());
        assertEquals("7", json.get("version").asText());
        assertEquals(3, json.get("featureCount").asInt());
        assertEquals("any", json.get("inputs").asText());
        assertNull(json.get("featurizer"), "a features-only model has no featurizer");
        assertEquals(0.6, json.get("threshold").asDouble());
        assertEquals("/app/config/tiny.json", json.get("source").asText());
        assertEquals(LOADED_AT, Instant.parse(json.get("loadedAt").asText()));
        assertEquals(4601, json.get("training").get("rows").asInt());
        assertEquals(0.97, json.get("training").get("metrics").get("auc").asDouble());
    }

    @Test
    void shouldServeTheNewModelAfterASwapWithNullTrainingWhenAbsent() throws Exception {
        models.swap(loaded("tiny", "8", false));
        final JsonNode json = Json.mapper().readTree(get("/model").body());
        assertEquals("8", json.get("version").asText());
        assertTrue(json.get("training").isNull(), json.toString());
    }

    @Test
    void shouldAnswer404ForUnknownPaths() throws Exception {
        for (final String path : List.of("/", "/health", "/health/live/x", "/metricsx", "/model/1", "/admin")) {
            assertEquals(404, get(path).statusCode(), path);
        }
    }

    @Test
    void shouldAnswer405ForNonGetMethods() throws Exception {
        for (final String method : List.of("POST", "PUT", "DELETE")) {
            final HttpResponse<String> r = request(method, "/health/ready");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""), method);
        }
        assertEquals(405, request("POST", "/model").statusCode());
    }

    @Test
    void shouldAnswerHeadLikeGetWithoutABodyAndWithoutAServerWarning() throws Exception {
        final Logger jdkServer = (Logger) LoggerFactory.getLogger("com.sun.net.httpserver");
        final ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        jdkServer.addAppender(events);
        try {
            state.set(State.RUNNING);
            for (final String path : List.of("/health/live", "/health/ready", "/metrics", "/model", "/nothing")) {
                final HttpResponse<String> get = get(path);
                final HttpResponse<String> head = request("HEAD", path);
                assertEquals(get.statusCode(), head.statusCode(), path);
                assertEquals("", head.body(), path);
                assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
                assertEquals(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length),
                        head.headers().firstValue("Content-Length").orElse(""), path);
            }
        } finally {
            jdkServer.detachAppender(events);
        }
        assertEquals(List.of(), events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void shouldRouteTheJdkServersJavaUtilLoggingThroughSlf4j() {
        final Logger jdkServer = (Logger) LoggerFactory.getLogger("com.sun.net.httpserver");
        final ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        jdkServer.addAppender(events);
        try {
            java.util.logging.Logger.getLogger("com.sun.net.httpserver").warning("a JDK server warning");
        } finally {
            jdkServer.detachAppender(events);
        }
        assertEquals(List.of("a JDK server warning"), events.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void shouldNotEchoTheRequestedPathIn404() throws Exception {
        // %0d%0a and markup decode into the path the JDK hands over.
        final HttpResponse<String> r = get("/x%0d%0aSet-Cookie:%20a=b%3Cscript%3Ealert(1)%3C/script%3E");
        assertEquals(404, r.statusCode());
        assertFalse(r.body().contains("script") || r.body().contains("Set-Cookie") || r.body().contains("/x"), r.body());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void shouldSendNosniffOnEveryResponse() throws Exception {
        for (final String path : List.of("/health/live", "/health/ready", "/metrics", "/model")) {
            assertEquals("nosniff", get(path).headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
        assertEquals("nosniff", request("POST", "/model").headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void shouldIgnoreQueryStrings() throws Exception {
        state.set(State.RUNNING);
        assertEquals(200, get("/health/ready?verbose=1").statusCode());
    }

    @Test
    void shouldAnswer500WhenAHandlerFailsAndKeepServing() throws Exception {
        try (OpsServer broken = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                StreamsHealth.of(state::get, failed::get),
                () -> {
                    throw new IllegalStateException("scrape failed");
                },
                models::current)) {
            final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broken.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            assertEquals(500, client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());
            final HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broken.port() + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            assertEquals(200, client.send(live, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void shouldBindAllInterfacesByDefault() {
        try (OpsServer any = OpsServer.start(0, StreamsHealth.of(state::get, failed::get), registry::scrape, models::current)) {
            assertTrue(any.address().getAddress().isAnyLocalAddress(), any.address().toString());
            assertTrue(any.port() > 0);
        }
    }
}
