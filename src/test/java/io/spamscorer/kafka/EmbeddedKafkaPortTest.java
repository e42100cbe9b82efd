package io.spamscorer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A broker asked for a port that another process listens on must not take that listener for itself. */
class EmbeddedKafkaPortTest {

    @Test
    void shouldRefuseToStartOnAPortThatIsInUse() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final int port = other.getLocalPort();
            try (EmbeddedKafka kafka = EmbeddedKafka.builder().port(port).build()) {
                final EmbeddedKafka.PortInUseException e = assertThrows(EmbeddedKafka.PortInUseException.class, kafka::start);
                assertEquals("port " + port + " is in use", e.getMessage());
            }
        }
    }
}
