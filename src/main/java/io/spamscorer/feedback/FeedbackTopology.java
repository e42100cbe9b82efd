package io.spamscorer.feedback;

import io.spamscorer.config.ScorerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The labels join, added to the scoring topology when {@code scorer.labels.topic} is set:
 * <pre>
 * scorer (ScoreEvent, key id) ─► repartition {@value #SCORES} ─┐
 *                                                              ├─ merge ─► {@value #JOIN} ─► scorer.examples.topic
 * scorer.labels.topic ─► {@value #PARSE} ─► repartition {@value #LABELS} ─┘      (stores: join, expiry, quality)
 * </pre>
 * Both sides are repartitioned by id (its UTF-8 bytes, through the default partitioner) into
 * {@code scorer.labels.partitions} partitions each, so a score and its label meet in the same task whatever the
 * partitioning of the input and labels topics.
 */
public final class FeedbackTopology {

    /** The scorer's child that takes its {@link ScoreEvent}s: the scores repartition's null-key filter. */
    public static final String SCORES = "feedback-scores";
    static final String LABELS = "feedback-labels";
    static final String LABELS_SOURCE = "labels";
    static final String PARSE = "parse-label";
    static final String MERGE = "feedback-merge";
    static final String JOIN = "label-join";
    static final String EXAMPLES = "labelled-examples";

    private FeedbackTopology() {
    }

    /** The processor name the scorer forwards its {@link ScoreEvent}s to (see {@link #add}). */
    public static String scoresChild() {
        return SCORES + "-repartition-filter";
    }

    /**
     * Adds the labels side, both repartitions, the join and its stores to {@code builder}.
     *
     * @param scores the scorer's stream whose records forwarded to {@link #scoresChild()} are {@link ScoreEvent}s
     *               keyed by id
     */
    public static void add(final StreamsBuilder builder, final ScorerConfig config, final KStream<byte[], JoinEvent> scores) {
        final String labelsTopic = config.labelsTopic().orElseThrow(() -> new IllegalArgumentException(
                ScorerConfig.LABELS_TOPIC + " is not set"));
        final KStream<byte[], JoinEvent> scoresById = scores.repartition(
                Repartitioned.with(Serdes.ByteArray(), JoinCodec.events()).withName(SCORES)
                        .withNumberOfPartitions(config.labelsPartitions()));
        final KStream<byte[], JoinEvent> labelsById = builder
                .stream(labelsTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(LABELS_SOURCE))
                .process(LabelParsingProcessor::new, Named.as(PARSE))
                .repartition(Repartitioned.with(Serdes.ByteArray(), JoinCodec.events()).withName(LABELS)
                        .withNumberOfPartitions(config.labelsPartitions()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoinProcessor.JOIN_STORE),
                Serdes.String(), JoinCodec.entries()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoinProcessor.EXPIRY_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LabelJoinProcessor.QUALITY_STORE),
                Serdes.String(), JoinCodec.counters()));
        final boolean examples = config.examplesTopic().isPresent();
        final KStream<byte[], byte[]> joined = scoresById.merge(labelsById, Named.as(MERGE))
                .process(() -> new LabelJoinProcessor(config.labelsRetention(), examples), Named.as(JOIN),
                        LabelJoinProcessor.JOIN_STORE, LabelJoinProcessor.EXPIRY_STORE, LabelJoinProcessor.QUALITY_STORE);
        config.examplesTopic().ifPresent(topic -> joined.to(topic,
                Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(EXAMPLES)));
    }

    /** The name of the store {@link StoreQualityReader} reads. */
    public static String qualityStore() {
        return LabelJoinProcessor.QUALITY_STORE;
    }

    /** The name of the join store (id → score and/or label). */
    public static String joinStore() {
        return LabelJoinProcessor.JOIN_STORE;
    }
}
