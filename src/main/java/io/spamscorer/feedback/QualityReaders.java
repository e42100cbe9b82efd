package io.spamscorer.feedback;

import io.spamscorer.config.ScorerConfig;
import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;

/** The {@link QualityReader} for a running scorer. */
public final class QualityReaders {

    private QualityReaders() {
    }

    /** {@link QualityReader#NONE} when {@code scorer.labels.topic} is off, else the store reader on the system clock. */
    public static QualityReader of(final KafkaStreams streams, final ScorerConfig config) {
        return of(streams, config, Clock.systemUTC());
    }

    public static QualityReader of(final KafkaStreams streams, final ScorerConfig config, final Clock clock) {
        return config.labelsTopic().isEmpty() ? QualityReader.NONE : StoreQualityReader.of(streams, clock);
    }
}
