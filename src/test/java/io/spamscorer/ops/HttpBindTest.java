package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spamscorer.cli.Main;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code scorer.http.bind}: which address the endpoint listens on, checked like every other key. */
class HttpBindTest {

    @TempDir
    Path dir;

    private static ScorerConfig config(final Map<String, String> extra) {
        final Map<String, String> values = new java.util.HashMap<>(Map.of("bootstrap.servers", "localhost:9092"));
        values.putAll(extra);
        return ScorerConfig.of(values);
    }

    private static OpsServer start(final ScorerConfig config) {
        // As RunCommand starts it, on a free port.
        return OpsServer.start(new InetSocketAddress(config.httpBind(), 0), StreamsHealth.of(() -> State.RUNNING, () -> false),
                () -> "", () -> HttpEndpointsTest.loaded("tiny", "7", false));
    }

    @Test
    void shouldBindAllInterfacesByDefaultAsBefore() {
        assertEquals("0.0.0.0", ScorerConfig.DEFAULTS.get(ScorerConfig.HTTP_BIND));
        try (OpsServer server = start(config(Map.of()))) {
            assertTrue(server.address().getAddress().isAnyLocalAddress(), server.address().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "[::1]", "0.0.0.0", "::", " 127.0.0.1 "})
    void shouldAcceptIpAddresses(final String value) {
        final InetAddress bind = config(Map.of(ScorerConfig.HTTP_BIND, value)).httpBind();
        assertTrue(bind.isLoopbackAddress() || bind.isAnyLocalAddress(), bind.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "300.1.1.1", "1.2.3", "1.2.3.4.5", "127.0.0.1:8080",
        "::1::2", "fe80::1%eth0", "", "http://127.0.0.1"})
    void shouldRejectAnythingButAnIpAddressNamingTheKey(final String value) {
        final ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> config(Map.of(ScorerConfig.HTTP_BIND, value)));
        assertTrue(e.getMessage().startsWith("scorer.http.bind = '"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void shouldListenOnlyOnTheConfiguredAddress() throws IOException {
        try (OpsServer server = start(config(Map.of(ScorerConfig.HTTP_BIND, "127.0.0.1")))) {
            assertEquals(InetAddress.getByName("127.0.0.1"), server.address().getAddress());
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
                assertTrue(s.isConnected());
            }
            final Optional<InetAddress> other = otherLocalAddress();
            assumeTrue(other.isPresent(), "this host has no non-loopback address to try");
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other.get(), server.port()), 5_000);
                }
            }, "reachable on " + other.get());
        }
    }

    private static Optional<InetAddress> otherLocalAddress() throws SocketException {
        for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (final InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void shouldStopRunWithOneLineAndExitTwoForABadBindAddress() throws IOException {
        assertRunFails("scorer.http.bind=localhost\n", "scorer.http.bind = 'localhost'");
    }

    @Test
    void shouldStopRunWithOneLineAndExitTwoWhenTheAddressIsNotThisHosts() throws IOException {
        final int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // 203.0.113.0/24 is TEST-NET-3: never an address of this host, so the bind fails before Kafka is contacted.
        assertRunFails("scorer.http.bind=203.0.113.7\nscorer.http.port=" + port + "\n", "scorer.http.bind = 203.0.113.7");
    }

    private void assertRunFails(final String lines, final String named) throws IOException {
        final Path file = dir.resolve("scorer.properties");
        Files.writeString(file, "bootstrap.servers=localhost:1\n" + lines);
        final StringWriter err = new StringWriter();
        final CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        assertEquals(2, cmd.execute("run", "--config", file.toString()));
        final String msg = err.toString().strip();
        assertEquals(List.of(msg), msg.lines().toList());
        assertTrue(msg.startsWith("error: ") && msg.contains(named), msg);
    }
}
