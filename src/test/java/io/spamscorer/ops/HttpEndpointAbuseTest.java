package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint faces whoever can reach its port. These clients misbehave on real sockets (half-sent requests,
 * byte-dribbling "slowloris" heads, idle and keep-alive connections, responses never read, more connections than
 * the bound) and the probes must still answer. Probes get {@link #PROBE_TIMEOUT}, more than the Kubernetes probes'
 * 3 s: the assertion is "answers at all", not a latency; the server's own deadlines are 2 s and 10 s.
 */
class HttpEndpointAbuseTest {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Well past REQUEST_DEADLINE (2 s); the JDK server kept idle connections 30 to 40 s. */
    private static final int CLOSED_WITHIN_MILLIS = 10_000;
    /** Larger than the loopback socket buffers (4 MiB send, 4 KiB receive here), so a writer must wait for a reader. */
    private static final String LARGE_METRICS = "m 1\n".repeat(2 << 20);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final List<Socket> sockets = new ArrayList<>();
    private OpsServer server;

    @BeforeEach
    void startServer() {
        server = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                StreamsHealth.of(() -> State.RUNNING, () -> false), () -> LARGE_METRICS,
                () -> HttpEndpointsTest.loaded("tiny", "7", false));
    }

    @AfterEach
    void stopServer() throws IOException {
        for (final Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    private void assertProbesAnswer() throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            for (final String path : List.of("/health/live", "/health/ready")) {
                final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(PROBE_TIMEOUT).GET().build();
                try {
                    assertEquals(200, client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode(), path);
                } catch (final HttpTimeoutException e) {
                    fail(path + " did not answer within " + PROBE_TIMEOUT + " while the other clients held on", e);
                }
            }
        }
    }

    private Socket connect() throws IOException {
        final Socket s = new Socket();
        sockets.add(s);
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
        return s;
    }

    private static void send(final Socket s, final String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Fails unless the server closes {@code s} (EOF or reset) within the bound; any bytes before that are read. */
    private static void assertClosedByServer(final Socket s, final String what) throws IOException {
        s.setSoTimeout(CLOSED_WITHIN_MILLIS);
        final InputStream in = s.getInputStream();
        try {
            while (in.read(new byte[8192]) >= 0) {
                // a response (e.g. to a keep-alive request) before the close
            }
        } catch (final SocketTimeoutException e) {
            fail(what + " still open after " + CLOSED_WITHIN_MILLIS + " ms: the server holds it");
        } catch (final IOException e) {
            // reset by the server: closed too
        }
    }

    @Test
    void shouldAnswerProbesWhileMoreHalfSentRequestsThanTheBoundHoldOn() throws Exception {
        final int clients = HttpListener.MAX_CONNECTIONS + 36;
        for (int i = 0; i < clients; i++) {
            send(connect(), "GET /health/live HTTP/1.1\r\nHost: scorer\r\n");
        }
        assertProbesAnswer();
        for (final Socket s : List.copyOf(sockets)) {
            assertClosedByServer(s, "a half-sent request");
        }
    }

    @Test
    void shouldAnswerProbesWhileAFloodKeepsOpeningConnectionsBeyondTheBound() throws Exception {
        final AtomicBoolean done = new AtomicBoolean();
        final List<Socket> flood = new ArrayList<>();
        final Thread flooder = new Thread(() -> {
            // About 200 new silent connections a second, each kept open by the client, for as long as the probes run.
            while (!done.get() && flood.size() < 2_000) {
                try {
                    final Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    flood.add(s);
                    Thread.sleep(5);
                } catch (final IOException e) {
                    // refused or reset: keep flooding
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }, "flood");
        flooder.start();
        try {
            Thread.sleep(500); // past the bound before the first probe
            assertProbesAnswer();
        } finally {
            done.set(true);
            flooder.join();
            for (final Socket s : flood) {
                s.close();
            }
        }
        assertTrue(flood.size() > HttpListener.MAX_CONNECTIONS, "the flood went past the bound: " + flood.size());
    }

    @Test
    void shouldAnswerProbesWhileSlowlorisClientsDribbleHeaderBytes() throws Exception {
        final List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            slow.add(connect());
        }
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicInteger closed = new AtomicInteger();
        final byte[] head = "GET /health/live HTTP/1.1\r\nX-Padding: ".concat("a".repeat(4000)).getBytes(StandardCharsets.US_ASCII);
        final Thread dribbler = new Thread(() -> {
            final boolean[] gone = new boolean[slow.size()];
            for (int at = 0; !done.get() && at < head.length && closed.get() < slow.size(); at++) {
                for (int i = 0; i < slow.size(); i++) {
                    try {
                        if (!gone[i]) {
                            slow.get(i).getOutputStream().write(head[at]);
                            slow.get(i).getOutputStream().flush();
                        }
                    } catch (final IOException e) {
                        gone[i] = true;
                        closed.incrementAndGet();
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }, "slowloris");
        dribbler.start();
        try {
            assertProbesAnswer();
            // The dribbler sees each connection closed (a write fails) once its head is overdue.
            dribbler.join(CLOSED_WITHIN_MILLIS + 5_000);
            assertEquals(slow.size(), closed.get(), "slowloris connections closed by the server");
        } finally {
            done.set(true);
            dribbler.join();
        }
    }

    @Test
    void shouldAnswerProbesWhileClientsNeverReadTheirResponses() throws Exception {
        // More than the JDK server's four threads: each one blocked writing a response nobody reads.
        for (int i = 0; i < 6; i++) {
            send(connect(), "GET /metrics HTTP/1.1\r\nHost: scorer\r\n\r\n");
        }
        Thread.sleep(200); // let the server start writing those responses before the probes queue up
        assertProbesAnswer();
    }

    @Test
    void shouldAnswerProbesWhileSlowScrapesQueueUp() throws Exception {
        server.close();
        server = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                StreamsHealth.of(() -> State.RUNNING, () -> false), () -> {
                    try {
                        Thread.sleep(300); // a scrape of a busy client's many metrics, made slow
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "m 1\n";
                }, () -> HttpEndpointsTest.loaded("tiny", "7", false));
        // 50 x 300 ms of scraping queued ahead of the probes, were they in one queue.
        for (int i = 0; i < 50; i++) {
            send(connect(), "GET /metrics HTTP/1.1\r\nHost: scorer\r\n\r\n");
        }
        assertProbesAnswer();
    }

    @Test
    void shouldCloseIdleAndKeepAliveConnectionsAndKeepAnswering() throws Exception {
        for (int i = 0; i < 200; i++) {
            connect(); // connects, then says nothing
        }
        final List<Socket> keepAlive = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final Socket s = connect();
            send(s, "GET /model HTTP/1.1\r\nHost: scorer\r\nConnection: keep-alive\r\n\r\n");
            keepAlive.add(s);
        }
        assertProbesAnswer();
        for (final Socket s : List.copyOf(sockets)) {
            assertClosedByServer(s, keepAlive.contains(s) ? "a keep-alive connection after its response" : "an idle connection");
        }
    }

    @Test
    void shouldRefuseToWaitForAHeadLargerThanTheBound() throws Exception {
        final Socket s = connect();
        send(s, "GET /health/live HTTP/1.1\r\nX-Padding: " + "a".repeat(HttpListener.MAX_HEAD_BYTES) + "\r\n\r\n");
        s.setSoTimeout(CLOSED_WITHIN_MILLIS);
        final String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
        assertProbesAnswer();
    }

    @Test
    void shouldAnswer400ToAMalformedRequestLine() throws Exception {
        for (final String line : List.of("GARBAGE\r\n\r\n", "GET /health/live\r\n\r\n", "GET health HTTP/1.1\r\n\r\n",
                "GET /a b HTTP/1.1\r\n\r\n", "get /health/live HTTP/1.1\r\n\r\n")) {
            final Socket s = connect();
            send(s, line);
            s.setSoTimeout(CLOSED_WITHIN_MILLIS);
            final String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), line + " -> " + answer);
        }
        final Socket s = connect();
        send(s, "GET /health/live HTTP/2.0\r\n\r\n");
        s.setSoTimeout(CLOSED_WITHIN_MILLIS);
        assertTrue(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 505 "));
    }

    @Test
    void shouldDeliverTheAnswerToARequestWithABodyItDoesNotRead() throws Exception {
        // Closing a socket with unread input sends a reset, which can destroy the answer before the client reads it.
        for (int i = 0; i < 5; i++) {
            final Socket s = connect();
            final String body = "x".repeat(200_000);
            send(s, "POST /model HTTP/1.1\r\nHost: scorer\r\nContent-Length: " + body.length() + "\r\n\r\n");
            final Thread writer = new Thread(() -> {
                try {
                    send(s, body);
                } catch (final IOException e) {
                    // the server may stop reading once it has answered
                }
            });
            writer.start();
            s.setSoTimeout(CLOSED_WITHIN_MILLIS);
            final String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 405 ") && answer.endsWith("use GET or HEAD\n"), answer);
            writer.join(CLOSED_WITHIN_MILLIS);
        }
    }

    @Test
    void shouldServeAPlainHttp10ClientThatEndsLinesWithLf() throws Exception {
        final Socket s = connect();
        send(s, "GET /health/ready HTTP/1.0\n\n");
        s.setSoTimeout(CLOSED_WITHIN_MILLIS);
        final String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n") && answer.endsWith("\r\n\r\nready: RUNNING\n"), answer);
    }
}
