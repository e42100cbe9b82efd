package io.spamscorer.stream;

import io.spamscorer.feedback.CapturedFeatures;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.ScoreEvent;
import io.spamscorer.feedback.ShadowStats;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and scores each input value and forwards the output record. The key stays the input key (the id when
 * that is null); headers and timestamp are carried over by {@link Record#withKey}/{@link Record#withValue}.
 *
 * <p>Parsing happens here rather than in a value deserializer on purpose: a record skipped by the deserialization
 * handler does not advance the task's committed offset under exactly-once, so after a crash a trailing bad record
 * would be dead-lettered twice. A failure thrown here goes to the processing exception handler, and the record's
 * offset commits in the same transaction as its dead-letter record.
 *
 * <p>With {@link ScoringTopology.Routes} (a shadow topic or the labels join is on) the live result goes to the
 * output child, the shadow model's (when one is published) to the shadow child, and a {@link ScoreEvent} keyed by id
 * to the join; the models are read once per record, and a shadow failure is counted, never thrown. Without routes
 * the record is forwarded exactly as before, to the one child.
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final RecordParser parser;
    private final ModelHolder models;
    private final Scorer scorer;
    private final ScoringListener listener;
    private final ScoringTopology.Routes routes;
    private ProcessorContext<byte[], Object> context;

    ScoringProcessor(final RecordParser parser, final ModelHolder models, final Scorer scorer,
                     final ScoringListener listener) {
        this(parser, models, scorer, listener, null);
    }

    /** @param routes null for the scoring-only topology */
    ScoringProcessor(final RecordParser parser, final ModelHolder models, final Scorer scorer,
                     final ScoringListener listener, final ScoringTopology.Routes routes) {
        this.parser = parser;
        this.models = models;
        this.scorer = scorer;
        this.listener = listener;
        this.routes = routes;
    }

    @Override
    public void init(final ProcessorContext<byte[], Object> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final long start = System.nanoTime();
        final ModelHolder.Models m = models.snapshot();
        final FeatureVector v = parser.parse(record.value(), m.live().model());
        final long now = System.currentTimeMillis();
        final ScoredRecord out = scorer.score(v, now);
        final byte[] key = record.key() != null ? record.key() : v.id().getBytes(StandardCharsets.UTF_8);
        if (LOG.isDebugEnabled()) {
            LOG.debug("scored id={}", LogSafe.escape(v.id()));
        }
        if (routes == null) {
            context.forward(record.withKey(key).withValue((Object) out));
        } else {
            forwardAll(record, key, v, out, m.shadow(), now);
        }
        if (v.unknownFeatures() > 0) {
            listener.unknownFeatures(v.unknownFeatures());
        }
        listener.scored(out, record.timestamp(), System.nanoTime() - start);
    }

    private void forwardAll(final Record<byte[], byte[]> record, final byte[] key, final FeatureVector v,
                            final ScoredRecord out, final LoadedModel shadow, final long now) {
        context.forward(record.withKey(key).withValue((Object) out), routes.output());
        final ScoredRecord shadowOut = shadow == null ? null : scoreShadow(record.value(), shadow, now, v.id());
        if (shadowOut != null && routes.shadow() != null) {
            context.forward(record.withKey(key).withValue((Object) shadowOut), routes.shadow());
        }
        if (routes.join() != null) {
            final Map<String, Double> features = routes.captureFeatures()
                    ? CapturedFeatures.of(v.model(), v.values()) : Map.of();
            final ScoreEvent event = scoreEvent(v.id(), out, shadowOut, now, features);
            context.forward(new Record<>(v.id().getBytes(StandardCharsets.UTF_8), (Object) event, record.timestamp()),
                    routes.join());
        }
    }

    /** The shadow's own parse (its feature order may differ) and score, or null when it cannot score the record. */
    private ScoredRecord scoreShadow(final byte[] value, final LoadedModel shadow, final long now, final String id) {
        try {
            return scorer.score(parser.parse(value, shadow.model()), now);
        } catch (final RuntimeException e) {
            ShadowStats.failed();
            if (LOG.isDebugEnabled()) {
                LOG.debug("shadow model {} cannot score id={}: {}", shadow.model(), LogSafe.escape(id), e.toString());
            }
            return null;
        }
    }

    /** The join's record: the live result, the shadow's if it scored, and the named features when captured. */
    static ScoreEvent scoreEvent(final String id, final ScoredRecord live, final ScoredRecord shadow, final long now,
                                 final Map<String, Double> features) {
        final Example.Shadow s = shadow == null ? null : new Example.Shadow(
                new ModelRef(shadow.modelName(), shadow.modelVersion()), shadow.spamProbability(),
                Example.Label.fromWire(shadow.label()));
        return new ScoreEvent(id, new ModelRef(live.modelName(), live.modelVersion()), live.spamProbability(),
                Example.Label.fromWire(live.label()), s, now, features);
    }
}
