package io.spamscorer.stream;

import io.spamscorer.feedback.CapturedFeatures;
import io.spamscorer.feedback.ScoreEvent;
import io.spamscorer.feedback.ShadowStats;
import io.spamscorer.log.LogSafe;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.InvalidEmailException;
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
 * Raw-email input: parses each value as an RFC 5322 message, featurizes it with the current model's own featurizer,
 * scores the sparse vector with the same model, and forwards the {@link ScoredRecord} to {@value #OUTPUT} and, when
 * the features topic is on, the named feature record to {@value #FEATURES}. Key: the input key, else the id's
 * UTF-8 bytes; headers and timestamp are the input's.
 *
 * <p>The model is read once per record, so one record is never featurized by one model and weighted by another
 * across a live swap. Parsing stays here, not in a deserializer, for the reason {@link ScoringProcessor} gives
 * (exactly-once dead-lettering); every failure is thrown to the processing exception handler with its reason.
 *
 * <p>With {@link ScoringTopology.Routes} a published shadow model scores the same parsed message with its own
 * featurizer (to the shadow child; a failure is counted, never thrown), and a {@link ScoreEvent} keyed by id goes to
 * the labels join, with the live model's featurized vector when features are captured.
 */
final class EmailScoringProcessor implements Processor<byte[], byte[], byte[], Object> {

    /** The child (sink) that takes scored records. */
    static final String OUTPUT = "scored-emails";
    /** The child (sink) that takes feature records, present only with {@code scorer.features.topic}. */
    static final String FEATURES = "extracted-features";

    private static final Logger LOG = LoggerFactory.getLogger(EmailScoringProcessor.class);

    private final EmailScoring scoring;
    private final ModelHolder models;
    private final boolean writeFeatures;
    private final ScoringListener listener;
    private final ScoringTopology.Routes routes;
    private ProcessorContext<byte[], Object> context;

    EmailScoringProcessor(final EmailScoring scoring, final ModelHolder models, final boolean writeFeatures,
                          final ScoringListener listener) {
        this(scoring, models, writeFeatures, listener, null);
    }

    /** @param routes null for the scoring-only topology */
    EmailScoringProcessor(final EmailScoring scoring, final ModelHolder models, final boolean writeFeatures,
                          final ScoringListener listener, final ScoringTopology.Routes routes) {
        this.scoring = scoring;
        this.models = models;
        this.writeFeatures = writeFeatures;
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
        final byte[] raw = record.value();
        if (raw == null) {
            throw new InvalidRecordException(Reason.TOMBSTONE, "value is null (a tombstone); expected a raw RFC 5322 message");
        }
        final EmailScoring.Result r;
        // the models are read once here, so featurizer and weights come from the same one across a live swap
        final ModelHolder.Models m = models.snapshot();
        final long now = System.currentTimeMillis();
        final Email email;
        try {
            email = scoring.parser().parse(raw);
            r = scoring.score(record.key(), email, raw, m.live().model(), now);
        } catch (final InvalidEmailException e) {
            throw EmailRecords.invalid(e);
        }
        final String id = r.id();
        final ScoredRecord out = r.scored();
        final byte[] key = record.key() != null ? record.key() : id.getBytes(StandardCharsets.UTF_8);
        final byte[] features = writeFeatures ? EmailRecords.featureRecord(id, r.features(), r.model()) : null;
        if (LOG.isDebugEnabled()) {
            LOG.debug("scored id={}", LogSafe.escape(id));
        }
        if (features != null) {
            context.forward(record.withKey(key).withValue((Object) features), FEATURES);
        }
        context.forward(record.withKey(key).withValue((Object) out), OUTPUT);
        if (routes != null) {
            forwardFeedback(record, key, email, r, m.shadow(), now);
        }
        listener.scored(out, record.timestamp(), System.nanoTime() - start);
    }

    private void forwardFeedback(final Record<byte[], byte[]> record, final byte[] key, final Email email,
                                 final EmailScoring.Result live, final LoadedModel shadow, final long now) {
        ScoredRecord shadowOut = null;
        if (shadow != null) {
            try {
                shadowOut = scoring.score(record.key(), email, record.value(), shadow.model(), now).scored();
            } catch (final RuntimeException e) {
                ShadowStats.failed();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("shadow model {} cannot score id={}: {}", shadow.model(), LogSafe.escape(live.id()),
                            e.toString());
                }
            }
        }
        if (shadowOut != null && routes.shadow() != null) {
            context.forward(record.withKey(key).withValue((Object) shadowOut), routes.shadow());
        }
        if (routes.join() != null) {
            final Map<String, Double> features = routes.captureFeatures()
                    ? CapturedFeatures.of(live.model(), live.features()) : Map.of();
            final ScoreEvent event = ScoringProcessor.scoreEvent(live.id(), live.scored(), shadowOut, now, features);
            context.forward(new Record<>(live.id().getBytes(StandardCharsets.UTF_8), (Object) event, record.timestamp()),
                    routes.join());
        }
    }
}
