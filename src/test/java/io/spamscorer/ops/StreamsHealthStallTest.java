package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** A stream thread blocked on Kafka (no poll for a while) makes the instance not ready, with the reason. */
class StreamsHealthStallTest {

    private static final Duration THRESHOLD = Duration.ofSeconds(15);

    @Test
    void shouldReportAStreamThreadThatHasNotPolledForTheThreshold() {
        final String reason = StreamsHealth.stalled(Map.of(
                pollAge("app-1-StreamThread-1-consumer"), new Fixed(3.0),
                pollAge("app-1-StreamThread-2-consumer"), new Fixed(21.7)), THRESHOLD);
        assertTrue(reason != null && reason.startsWith("stalled: a stream thread has not polled Kafka for 21 s"),
                reason);
        assertTrue(reason.contains("min.insync.replicas"), reason);
    }

    @Test
    void shouldIgnoreRestoreConsumersAndOtherMetricsAndThreadsThatPoll() {
        final Map<MetricName, Metric> metrics = new HashMap<>();
        metrics.put(pollAge("app-1-StreamThread-1-consumer"), new Fixed(0.1));
        metrics.put(pollAge("app-1-StreamThread-1-restore-consumer"), new Fixed(900.0));
        metrics.put(new MetricName("last-poll-seconds-ago", "other-group", "", Map.of("client-id",
                "app-1-StreamThread-1-consumer")), new Fixed(900.0));
        assertNull(StreamsHealth.stalled(metrics, THRESHOLD));
        assertNull(StreamsHealth.stalled(Map.of(), THRESHOLD));
    }

    @Test
    void shouldGiveTheFirstReasonThatIsNotNull() {
        assertEquals("b", StreamsHealth.firstReason(() -> null, () -> "b", () -> "c").get());
        assertNull(StreamsHealth.firstReason(() -> null).get());
    }

    private static MetricName pollAge(final String clientId) {
        return new MetricName("last-poll-seconds-ago", "consumer-metrics", "", Map.of("client-id", clientId));
    }

    private record Fixed(double value) implements Metric {
        @Override
        public MetricName metricName() {
            return null;
        }

        @Override
        public Object metricValue() {
            return value;
        }
    }
}
