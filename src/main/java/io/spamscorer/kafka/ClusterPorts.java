package io.spamscorer.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The loopback ports of an {@link EmbeddedKafkaCluster}'s nodes: a PLAINTEXT and a CONTROLLER port each. */
final class ClusterPorts {

    /** Logs as {@link EmbeddedKafkaCluster}, whose part this was, so log configuration and output stay the same. */
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final int SIZE = EmbeddedKafkaCluster.SIZE;

    /** PLAINTEXT ports of nodes 1..SIZE, then their CONTROLLER ports. */
    private final List<Integer> ports;

    private ClusterPorts(final List<Integer> ports) {
        this.ports = List.copyOf(ports);
    }

    /** @param firstPort the first of the consecutive PLAINTEXT ports, or 0 for free ports throughout */
    static ClusterPorts choose(final int firstPort) {
        return new ClusterPorts(firstPort == 0 ? freePorts(2 * SIZE) : consecutivePortsThenFree(firstPort));
    }

    int plaintext(final int nodeId) {
        return ports.get(nodeId - 1);
    }

    int controller(final int nodeId) {
        return ports.get(SIZE + nodeId - 1);
    }

    /** @return the static {@code controller.quorum.voters} of all nodes, {@code id@host:port,...} */
    String voters() {
        return IntStream.rangeClosed(1, SIZE)
                .mapToObj(id -> id + "@" + LoopbackPorts.address(controller(id)))
                .collect(Collectors.joining(","));
    }

    /** Holds every socket open until all are bound, so the ports are distinct. */
    private static List<Integer> freePorts(final int count) {
        final List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(LoopbackPorts.HOST)));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (final ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (final IOException e) {
                    LOG.debug("closing a port probe failed", e);
                }
            }
        }
    }

    /** PLAINTEXT on {@code first}, {@code first+1}, {@code first+2}; controllers on free ports. */
    private static List<Integer> consecutivePortsThenFree(final int first) {
        final List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            ports.add(first + i);
        }
        for (final int port : freePorts(2 * SIZE)) {
            if (ports.size() < 2 * SIZE && !ports.contains(port)) {
                ports.add(port);
            }
        }
        return ports;
    }
}
