package io.spamscorer.feedback;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the join's quality store through Interactive Queries, summed over this instance's tasks (the figures are
 * per instance: each instance holds the partitions of the join it is assigned). The 1 h and 24 h windows end at the
 * clock's now. While the store is not queryable (startup, rebalance, restoration) it reads as no figures.
 */
public final class StoreQualityReader implements QualityReader {

    private final Supplier<ReadOnlyKeyValueStore<String, long[]>> store;
    private final Clock clock;

    /** For tests and embedding: any supplier of the quality store (e.g. TopologyTestDriver's). */
    public StoreQualityReader(final Supplier<ReadOnlyKeyValueStore<String, long[]>> store, final Clock clock) {
        this.store = Objects.requireNonNull(store, "store == null");
        this.clock = Objects.requireNonNull(clock, "clock == null");
    }

    /** Reads {@code streams}' local quality stores. */
    public static StoreQualityReader of(final KafkaStreams streams, final Clock clock) {
        return new StoreQualityReader(() -> streams.store(StoreQueryParameters.fromNameAndType(
                FeedbackTopology.qualityStore(), QueryableStoreTypes.<String, long[]>keyValueStore())), clock);
    }

    @Override
    public List<ModelQuality> read() {
        try {
            return QualityBook.read(store.get(), clock.millis());
        } catch (final InvalidStateStoreException e) {
            return List.of();
        }
    }

    /** Labels on this instance still waiting for their score. */
    public long unmatchedLabels() {
        try {
            return QualityBook.unmatched(store.get());
        } catch (final InvalidStateStoreException e) {
            return 0;
        }
    }
}
