package io.spamscorer.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/** Ports on 127.0.0.1, the only address the embedded brokers listen on. */
final class LoopbackPorts {

    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /** @return {@code 127.0.0.1:port} */
    static String address(final int port) {
        return HOST + ":" + port;
    }

    /** Picks a free loopback port, different from the ports already taken by this broker. */
    static int freePort(final List<Integer> taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                final int candidate = socket.getLocalPort();
                if (!taken.contains(candidate)) {
                    return candidate;
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot find a free loopback port", e);
            }
        }
    }

    /** @throws EmbeddedKafka.PortInUseException if another socket is bound to {@code port} */
    static void requireFree(final int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a connection of our own previous run in TIME_WAIT does not hold the port
            probe.bind(new InetSocketAddress(HOST, port), 1);
        } catch (final IOException e) {
            throw new EmbeddedKafka.PortInUseException(port, e);
        }
    }

    static boolean accepts(final int port, final Duration connectTimeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), (int) connectTimeout.toMillis());
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
