package io.spamscorer.stream;

import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.ScoreEvent;
import io.spamscorer.feedback.ShadowStats;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.LoadedModel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both scoring processors do after the live result is forwarded, when {@link ScoringTopology.Routes} are on: the
 * shadow's result to the listener and the shadow child, and the {@link ScoreEvent} keyed by id to the join. One place,
 * so feature records and raw email cannot drift apart in what the join sees.
 */
final class FeedbackForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackForwarder.class);

    private final ScoringTopology.Routes routes;
    private final ScoringListener listener;

    FeedbackForwarder(final ScoringTopology.Routes routes, final ScoringListener listener) {
        this.routes = routes;
        this.listener = listener;
    }

    /**
     * @param shadowOut the shadow's result, or null when there is no shadow or it could not score the record
     * @param features  the named features, asked for only when the examples topic captures them
     */
    void forward(final ProcessorContext<byte[], Object> context, final Record<byte[], byte[]> record, final byte[] key,
                 final String id, final ScoredRecord live, final ScoredRecord shadowOut, final long now,
                 final Supplier<Map<String, Double>> features) {
        if (shadowOut != null) {
            listener.shadowScored(shadowOut);
            if (routes.shadow() != null) {
                context.forward(record.withKey(key).withValue((Object) shadowOut), routes.shadow());
            }
        }
        if (routes.join() != null) {
            final ScoreEvent event = scoreEvent(id, live, shadowOut, now,
                    routes.captureFeatures() ? features.get() : Map.of());
            context.forward(new Record<>(id.getBytes(StandardCharsets.UTF_8), (Object) event, record.timestamp()),
                    routes.join());
        }
    }

    /** Counts a shadow that could not score a record; never thrown, so the live record is never dead-lettered for it. */
    static void shadowFailed(final LoadedModel shadow, final String id, final RuntimeException e) {
        ShadowStats.failed();
        if (LOG.isDebugEnabled()) {
            LOG.debug("shadow model {} cannot score id={}: {}", shadow.model(), LogSafe.escape(id), e.toString());
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
