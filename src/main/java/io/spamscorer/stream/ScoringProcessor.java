package io.spamscorer.stream;

import io.spamscorer.log.LogSafe;
import io.spamscorer.model.ModelHolder;
import java.nio.charset.StandardCharsets;
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
 */
final class ScoringProcessor implements Processor<byte[], byte[], byte[], ScoredRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final RecordParser parser;
    private final ModelHolder models;
    private final Scorer scorer;
    private final ScoringListener listener;
    private ProcessorContext<byte[], ScoredRecord> context;

    ScoringProcessor(final RecordParser parser, final ModelHolder models, final Scorer scorer,
                     final ScoringListener listener) {
        this.parser = parser;
        this.models = models;
        this.scorer = scorer;
        this.listener = listener;
    }

    @Override
    public void init(final ProcessorContext<byte[], ScoredRecord> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final long start = System.nanoTime();
        final FeatureVector v = parser.parse(record.value(), models.model());
        final ScoredRecord out = scorer.score(v, System.currentTimeMillis());
        final byte[] key = record.key() != null ? record.key() : v.id().getBytes(StandardCharsets.UTF_8);
        if (LOG.isDebugEnabled()) {
            LOG.debug("scored id={}", LogSafe.escape(v.id()));
        }
        context.forward(record.withKey(key).withValue(out));
        if (v.unknownFeatures() > 0) {
            listener.unknownFeatures(v.unknownFeatures());
        }
        listener.scored(out, record.timestamp(), System.nanoTime() - start);
    }
}
