package io.spamscorer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A cluster's nodes get consecutive PLAINTEXT ports when asked, and never share a port. */
class ClusterPortsTest {

    @Test
    void shouldUseConsecutivePlaintextPortsFromTheFirstPortAndDistinctControllerPorts() {
        final ClusterPorts ports = ClusterPorts.choose(41_000);

        assertEquals(41_000, ports.plaintext(1));
        assertEquals(41_001, ports.plaintext(2));
        assertEquals(41_002, ports.plaintext(3));
        assertEquals(2 * EmbeddedKafkaCluster.SIZE, allPorts(ports).size());
    }

    @Test
    void shouldNameEveryNodesControllerInTheVoters() {
        final ClusterPorts ports = ClusterPorts.choose(0);

        assertEquals("1@127.0.0.1:" + ports.controller(1) + ",2@127.0.0.1:" + ports.controller(2)
                + ",3@127.0.0.1:" + ports.controller(3), ports.voters());
        assertEquals(2 * EmbeddedKafkaCluster.SIZE, allPorts(ports).size());
    }

    private static Set<Integer> allPorts(final ClusterPorts ports) {
        final Set<Integer> all = new HashSet<>();
        IntStream.rangeClosed(1, EmbeddedKafkaCluster.SIZE).forEach(id -> {
            all.add(ports.plaintext(id));
            all.add(ports.controller(id));
        });
        return all;
    }
}
