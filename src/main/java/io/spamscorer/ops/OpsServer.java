package io.spamscorer.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The operations HTTP endpoint ({@code scorer.http.port}, {@code scorer.http.bind}), unauthenticated:
 * <ul>
 *   <li>{@code GET /health/live} — 200, or 503 when the streams client is in ERROR or stopped after a failure</li>
 *   <li>{@code GET /health/ready} — 200 only while RUNNING and the model topic can be read, else 503; the body is
 *   the state and, if the model topic cannot be read, why</li>
 *   <li>{@code GET /metrics} — Prometheus text format</li>
 *   <li>{@code GET /model} — the current model's metadata as JSON (never configuration)</li>
 *   <li>{@code GET /quality} — live quality and score drift per model as JSON ({@link ScorerMetrics#qualityJson()})</li>
 * </ul>
 * {@code HEAD} answers as {@code GET} does, without the body. Other paths answer 404 (without echoing the path) and
 * other methods 405. Every response carries {@code X-Content-Type-Options: nosniff} and closes the connection.
 * {@link HttpListener} serves it with limits that keep the probes answering whatever other clients do.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpListener listener;
    private final StreamsHealth health;
    private final Supplier<String> metrics;
    private final Supplier<LoadedModel> model;
    private final Supplier<String> quality;

    private OpsServer(final InetSocketAddress address, final StreamsHealth health, final Supplier<String> metrics,
                      final Supplier<LoadedModel> model, final Supplier<String> quality) throws IOException {
        this.health = health;
        this.metrics = metrics;
        this.model = model;
        this.quality = quality;
        this.listener = HttpListener.start(address, this::handle, request -> request.path().startsWith("/health/"));
    }

    /**
     * Starts the server on all interfaces (0.0.0.0).
     *
     * @param port    TCP port; 0 picks a free one (see {@link #port()})
     * @param health  streams state for the health endpoints
     * @param metrics the Prometheus text exposition, e.g. {@code prometheusRegistry::scrape}
     * @param model   the current model
     */
    public static OpsServer start(final int port, final StreamsHealth health, final Supplier<String> metrics,
                                  final Supplier<LoadedModel> model) {
        return start(new InetSocketAddress(port), health, metrics, model);
    }

    /** Starts the server on the given address (for example loopback only); {@code /quality} lists no models. */
    public static OpsServer start(final InetSocketAddress address, final StreamsHealth health,
                                  final Supplier<String> metrics, final Supplier<LoadedModel> model) {
        return start(address, health, metrics, model, () -> QualityReport.EMPTY);
    }

    /**
     * As above, with the body of {@code /quality}, e.g. {@code scorerMetrics::qualityJson}.
     */
    public static OpsServer start(final InetSocketAddress address, final StreamsHealth health,
                                  final Supplier<String> metrics, final Supplier<LoadedModel> model,
                                  final Supplier<String> quality) {
        Objects.requireNonNull(health, "health == null");
        Objects.requireNonNull(metrics, "metrics == null");
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(quality, "quality == null");
        routeJdkLoggingToSlf4j();
        final OpsServer ops;
        try {
            ops = new OpsServer(address, health, metrics, model, quality);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + describe(address) + ": " + e.getMessage(), e);
        }
        LOG.info("HTTP endpoint listening on {} (/health/live, /health/ready, /metrics, /model, /quality)", describe(ops.address()));
        return ops;
    }

    /** The port actually bound. */
    public int port() {
        return listener.address().getPort();
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    @Override
    public void close() {
        listener.close();
    }

    private HttpReply handle(final RequestHead request) {
        try {
            final Route route = Route.of(request.path());
            if (route == null) {
                // The path is not echoed: it is decoded (CR/LF, markup) and the caller already knows it.
                return HttpReply.of(404, TEXT, "not found; the endpoints are " + Route.list() + "\n");
            }
            if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
                return new HttpReply(405, TEXT, "method not allowed; use GET or HEAD\n", "GET, HEAD");
            }
            return switch (route) {
                case LIVE -> live();
                case READY -> ready();
                case METRICS -> HttpReply.of(200, PROMETHEUS_TEXT, metrics.get());
                case MODEL -> HttpReply.of(200, JSON, modelJson(model.get()));
                case QUALITY -> HttpReply.of(200, JSON, quality.get());
            };
        } catch (final RuntimeException e) {
            LOG.warn("HTTP {} {} failed", LogSafe.escape(request.method()), LogSafe.escape(request.path()), e);
            return HttpReply.of(500, TEXT, "internal error: " + e + "\n");
        }
    }

    private HttpReply live() {
        final KafkaStreams.State state = health.state();
        final boolean failed = health.failed();
        final boolean live = StreamsHealth.live(state, failed);
        return HttpReply.of(live ? 200 : 503, TEXT, (live ? "live: " : "not live: ") + state
                + (failed ? " (failed)" : "") + "\n");
    }

    private HttpReply ready() {
        final KafkaStreams.State state = health.state();
        final String degraded = health.degraded();
        final boolean ready = StreamsHealth.ready(state) && degraded == null;
        return HttpReply.of(ready ? 200 : 503, TEXT, (ready ? "ready: " : "not ready: ") + state
                + (degraded == null ? "" : " (" + LogSafe.escape(degraded) + ")") + "\n");
    }

    /** The model's metadata: name, version, featureCount, inputs, featurizer (if any), threshold, source, loadedAt and training (or null). */
    static String modelJson(final LoadedModel loaded) {
        final Model m = loaded.model();
        final ObjectNode node = Json.mapper().createObjectNode();
        node.put("name", m.name());
        node.put("version", m.version());
        node.put("featureCount", m.featureCount());
        node.put("inputs", m.inputs().wireName());
        if (m.featurizer() != null) {
            node.set("featurizer", m.featurizer().spec());
        }
        node.put("threshold", m.threshold());
        node.put("source", loaded.source());
        node.put("loadedAt", loaded.loadedAt().toString());
        final JsonNode training = m.training();
        if (training != null) {
            node.set("training", training);
        } else {
            node.putNull("training");
        }
        try {
            return Json.mapper().writeValueAsString(node) + "\n";
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot write model metadata as JSON", e);
        }
    }

    private static String describe(final InetSocketAddress address) {
        final InetAddress ip = address.getAddress();
        return (ip == null ? address.getHostString() : ip.getHostAddress()) + ":" + address.getPort();
    }

    /**
     * Sends {@code java.util.logging} (used by JDK components; once by the JDK HTTP server this endpoint ran on) to
     * SLF4J, so its lines share the Logback format and levels; Logback's LevelChangePropagator keeps JUL from building
     * records that Logback would drop.
     */
    static synchronized void routeJdkLoggingToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private enum Route {
        LIVE("/health/live"), READY("/health/ready"), METRICS("/metrics"), MODEL("/model"), QUALITY("/quality");

        private final String path;

        Route(final String path) {
            this.path = path;
        }

        static String list() {
            final StringBuilder b = new StringBuilder();
            for (final Route r : values()) {
                b.append(b.length() == 0 ? "" : ", ").append(r.path);
            }
            return b.toString();
        }

        static Route of(final String path) {
            for (final Route r : values()) {
                if (r.path.equals(path)) {
                    return r;
                }
            }
            return null;
        }
    }
}
