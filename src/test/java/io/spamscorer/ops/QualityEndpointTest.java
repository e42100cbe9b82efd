package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.feedback.ModelQuality;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.QualityCounts;
import io.spamscorer.json.Json;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.stream.ScoredRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QualityEndpointTest {

    private static final ModelRef RETIRED = new ModelRef("spambase-logreg", "1");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LoadedModel live = ScoreDriftTest.model("spambase-logreg", "2", ScoreDriftTest.TRAINING);
    private final LoadedModel shadow = ScoreDriftTest.model("spambase-logreg", "3", null);
    private final ModelHolder models = new ModelHolder(live);
    private final ScorerMetrics metrics = new ScorerMetrics(registry, models,
            ScoreDriftTest.clock(new AtomicLong(ScoreDriftTest.T0.toEpochMilli())));
    private final AtomicReference<List<ModelQuality>> figures = new AtomicReference<>(List.of());
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private OpsServer server;

    @BeforeEach
    void start() {
        models.swapShadow(shadow);
        metrics.bindQuality(figures::get);
        server = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                StreamsHealth.of(() -> State.RUNNING, () -> false),
                () -> {
                    metrics.refresh();
                    return registry.scrape();
                },
                models::current, metrics::qualityJson);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
        registry.close();
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void score(final LoadedModel m, final double p, final int times) {
        final ScoredRecord r = new ScoredRecord("id", p, p >= 0.5 ? "spam" : "ham", 0.0, 0.5, m.model().name(),
                m.model().version(), ScoreDriftTest.T0.toEpochMilli(), List.of());
        for (int i = 0; i < times; i++) {
            if (m == shadow) {
                metrics.shadowScored(r);
            } else {
                metrics.scored(r, ScoreDriftTest.T0.toEpochMilli(), 1_000);
            }
        }
    }

    @Test
    void shouldAnswerPerModelFiguresWithRolesNullRatiosAndDrift() throws Exception {
        figures.set(List.of(
                new ModelQuality(RETIRED, new QualityCounts(40, 4, 50, 6), QualityCounts.ZERO, QualityCounts.ZERO, 0),
                new ModelQuality(ModelRef.of(live.model()), new QualityCounts(8, 2, 85, 5), QualityCounts.ZERO,
                        new QualityCounts(3, 1, 20, 0), 17)));
        score(live, 0.05, 80);
        score(live, 0.95, 20);
        score(shadow, 0.5, 150);

        final HttpResponse<String> r = get("/quality");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        final JsonNode models = Json.mapper().readTree(r.body()).get("models");
        assertEquals(3, models.size(), r.body());

        final JsonNode l = models.get(0);
        assertEquals("spambase-logreg", l.get("name").asText());
        assertEquals("2", l.get("version").asText());
        assertEquals("live", l.get("role").asText());
        assertEquals(8, l.get("total").get("tp").asLong());
        assertEquals(100, l.get("total").get("labelled").asLong());
        assertEquals(0.8, l.get("total").get("precision").asDouble(), 1e-12);
        assertEquals(8.0 / 13, l.get("total").get("recall").asDouble(), 1e-12);
        assertEquals(2.0 / 87, l.get("total").get("falsePositiveRate").asDouble(), 1e-12);
        assertEquals(0.93, l.get("total").get("accuracy").asDouble(), 1e-12);
        assertTrue(l.get("lastHour").get("precision").isNull(), "NaN is null in JSON: " + l);
        assertEquals(0, l.get("lastHour").get("labelled").asLong());
        assertEquals(0.75, l.get("lastDay").get("precision").asDouble(), 1e-12);
        assertEquals(17, l.get("awaitingLabel").asLong());
        final double hand = 0.3 * Math.log(0.8 / 0.5) + (-0.3) * Math.log(0.2 / 0.5);
        assertEquals(hand, l.get("drift").get("psi").asDouble(), 1e-12);
        assertEquals("significant", l.get("drift").get("level").asText());
        assertEquals(100, l.get("drift").get("scores").asLong());
        assertEquals("24h", l.get("drift").get("window").asText());
        assertTrue(l.get("drift").get("reason").isNull());

        final JsonNode s = models.get(1);
        assertEquals("3", s.get("version").asText());
        assertEquals("shadow", s.get("role").asText());
        assertTrue(s.get("total").isNull(), "no quality figures for the shadow yet");
        assertTrue(s.get("awaitingLabel").isNull());
        assertTrue(s.get("drift").get("psi").isNull());
        assertEquals(150, s.get("drift").get("scores").asLong());
        assertTrue(s.get("drift").get("reason").asText().contains("no training.scoreHistogram"), s.toString());

        final JsonNode old = models.get(2);
        assertEquals("1", old.get("version").asText());
        assertEquals("retired", old.get("role").asText());
        assertEquals(0.9, old.get("total").get("accuracy").asDouble(), 1e-12);
        assertTrue(old.get("drift").get("psi").isNull());
        assertTrue(old.get("drift").get("reason").asText().startsWith("not scoring on this instance"));
    }

    @Test
    void shouldScrapeTheSameDriftAndQualityAsTheJson() throws Exception {
        figures.set(List.of(new ModelQuality(ModelRef.of(live.model()), new QualityCounts(8, 2, 85, 5),
                QualityCounts.ZERO, QualityCounts.ZERO, 17)));
        score(live, 0.05, 80);
        score(live, 0.95, 20);
        score(shadow, 0.5, 150);
        final String scrape = get("/metrics").body();
        assertEquals(80.0, QualityMetersTest.sample(scrape, "spam_scorer_records_scored_total", "label", "ham"),
                "shadow results count towards drift only");
        assertEquals(100.0, QualityMetersTest.sample(scrape, "spam_scorer_score_drift_scores", "version", "2"));
        final JsonNode l = Json.mapper().readTree(get("/quality").body()).get("models").get(0);
        assertEquals(l.get("drift").get("psi").asDouble(),
                QualityMetersTest.sample(scrape, "spam_scorer_score_drift_psi", "model", "spambase-logreg", "version", "2"), 1e-12);
        assertEquals(null, QualityMetersTest.sample(scrape, "spam_scorer_score_drift_psi", "version", "3"),
                "the shadow has no histogram: no drift series");
        assertEquals(l.get("total").get("precision").asDouble(),
                QualityMetersTest.sample(scrape, "spam_scorer_quality_precision", "version", "2", "window", "all"), 1e-12);
    }

    @Test
    void shouldListTheLiveModelWithoutQualityWhenNoLabelsAreRead() throws Exception {
        figures.set(List.of());
        models.swapShadow(null);
        final JsonNode models = Json.mapper().readTree(get("/quality").body()).get("models");
        assertEquals(1, models.size());
        assertEquals("live", models.get(0).get("role").asText());
        assertTrue(models.get(0).get("total").isNull());
        assertEquals(0, models.get(0).get("drift").get("scores").asLong());
        assertTrue(models.get(0).get("drift").get("reason").asText().startsWith("fewer than 100 live scores"));
    }
}
