package io.spamscorer.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spamscorer.json.Json;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The operations HTTP endpoint ({@code scorer.http.port}) on the JDK's built-in server:
 * <ul>
 *   <li>{@code GET /health/live} — 200, or 503 when the streams client is in ERROR or stopped after a failure</li>
 *   <li>{@code GET /health/ready} — 200 only while RUNNING and the model topic can be read, else 503; the body is
 *   the state and, if the model topic cannot be read, why</li>
 *   <li>{@code GET /metrics} — Prometheus text format</li>
 *   <li>{@code GET /model} — the current model's metadata as JSON</li>
 * </ul>
 * {@code HEAD} answers as {@code GET} does, without the body. Other paths answer 404 (without echoing the path) and
 * other methods 405. Every response carries {@code X-Content-Type-Options: nosniff}. Requests are served by four
 * daemon threads; a request must arrive within 2 s and its response be taken within 10 s. The JDK server logs
 * through {@code java.util.logging}, which is routed to SLF4J here.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";
    private static final int THREADS = 4;
    private static final int STOP_DELAY_SECONDS = 1;
    /**
     * The JDK server reads a request's headers on an executor thread and by default waits for them forever, so a
     * few connections that send half a request line held every thread and the health probes timed out (the pod
     * restarted in a loop). These bound the reading of a request and the writing of a response, in seconds; the
     * JDK reads them once, when its first server is created, and a value set on the command line wins.
     */
    static final String MAX_REQUEST_SECONDS = "2";
    static final String MAX_RESPONSE_SECONDS = "10";

    static {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final StreamsHealth health;
    private final Supplier<String> metrics;
    private final Supplier<LoadedModel> model;

    private OpsServer(final HttpServer server, final ExecutorService executor, final StreamsHealth health,
                      final Supplier<String> metrics, final Supplier<LoadedModel> model) {
        this.server = server;
        this.executor = executor;
        this.health = health;
        this.metrics = metrics;
        this.model = model;
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

    /** Starts the server on the given address (for example loopback only). */
    public static OpsServer start(final InetSocketAddress address, final StreamsHealth health,
                                  final Supplier<String> metrics, final Supplier<LoadedModel> model) {
        Objects.requireNonNull(health, "health == null");
        Objects.requireNonNull(metrics, "metrics == null");
        Objects.requireNonNull(model, "model == null");
        routeJdkLoggingToSlf4j();
        final HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + describe(address) + ": " + e.getMessage(), e);
        }
        final ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        final OpsServer ops = new OpsServer(server, executor, health, metrics, model);
        server.createContext("/", ops::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("HTTP endpoint listening on {} (/health/live, /health/ready, /metrics, /model)",
                describe(server.getAddress()));
        return ops;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_DELAY_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(final HttpExchange exchange) {
        try {
            final String path = exchange.getRequestURI().getPath();
            final Route route = Route.of(path);
            if (route == null) {
                // The path is not echoed: it is decoded (CR/LF, markup) and the caller already knows it.
                send(exchange, 404, TEXT, "not found; the endpoints are " + Route.list() + "\n");
                return;
            }
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, "method not allowed; use GET or HEAD\n");
                return;
            }
            switch (route) {
                case LIVE -> live(exchange);
                case READY -> ready(exchange);
                case METRICS -> send(exchange, 200, PROMETHEUS_TEXT, metrics.get());
                case MODEL -> send(exchange, 200, JSON, modelJson(model.get()));
            }
        } catch (final RuntimeException e) {
            LOG.warn("HTTP {} {} failed", LogSafe.escape(exchange.getRequestMethod()), LogSafe.escape(exchange.getRequestURI()), e);
            try {
                send(exchange, 500, TEXT, "internal error: " + e + "\n");
            } catch (final IOException | RuntimeException ignored) {
                // the response was already (partly) sent; the client sees a broken response
            }
        } catch (final IOException e) {
            LOG.debug("HTTP {} {}: client went away", LogSafe.escape(exchange.getRequestMethod()),
                    LogSafe.escape(exchange.getRequestURI()), e);
        } finally {
            exchange.close();
        }
    }

    private void live(final HttpExchange exchange) throws IOException {
        final KafkaStreams.State state = health.state();
        final boolean failed = health.failed();
        final boolean live = StreamsHealth.live(state, failed);
        send(exchange, live ? 200 : 503, TEXT, (live ? "live: " : "not live: ") + state
                + (failed ? " (failed)" : "") + "\n");
    }

    private void ready(final HttpExchange exchange) throws IOException {
        final KafkaStreams.State state = health.state();
        final String degraded = health.degraded();
        final boolean ready = StreamsHealth.ready(state) && degraded == null;
        send(exchange, ready ? 200 : 503, TEXT, (ready ? "ready: " : "not ready: ") + state
                + (degraded == null ? "" : " (" + LogSafe.escape(degraded) + "; still scoring with the current model)") + "\n");
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

    private static void send(final HttpExchange exchange, final int status, final String contentType, final String body)
            throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            // The JDK server wants -1 for HEAD (it warns about any length given), but keeps a Content-Length header
            // set here, so HEAD reports what GET would send.
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String describe(final InetSocketAddress address) {
        final InetAddress ip = address.getAddress();
        return (ip == null ? address.getHostString() : ip.getHostAddress()) + ":" + address.getPort();
    }

    /**
     * Sends {@code java.util.logging} (the JDK server's logger, {@code com.sun.net.httpserver}) to SLF4J, so its lines
     * share the Logback format and levels; Logback's LevelChangePropagator keeps JUL from building records that
     * Logback would drop.
     */
    static synchronized void routeJdkLoggingToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, "spam-scorer-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private enum Route {
        LIVE("/health/live"), READY("/health/ready"), METRICS("/metrics"), MODEL("/model");

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
