package io.spamscorer.feedback;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins scores and labels by email id, both arriving on this task's partition of the two co-partitioned repartition
 * topics. State (all changelogged, so a restart or a wiped state directory restores it):
 * {@value #JOIN_STORE} (id → latest score and/or latest label), {@value #EXPIRY_STORE} (deadline and id → nothing: a
 * time index, so expiry visits only what expires) and {@value #QUALITY_STORE} (see {@link QualityBook}).
 *
 * <p>A label joins a score when it comes within {@code scorer.labels.retention} of it (by record time), either way
 * round. A repeated label changes nothing; a different one replaces the effective label and the counts of the live
 * model and the shadow that scored the record are retracted and added anew. Each change of the effective label of a
 * scored id writes a labelled example (key id, {@link ExampleJson}) to the child, when there is one.
 */
final class LabelJoinProcessor implements Processor<byte[], JoinEvent, byte[], byte[]> {

    static final String JOIN_STORE = "feedback-join";
    static final String EXPIRY_STORE = "feedback-expiry";
    static final String QUALITY_STORE = "feedback-quality";
    /** How often expiry runs, in stream time for join entries and in wall-clock time for the minute buckets. */
    static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(LabelJoinProcessor.class);

    private final long retentionMs;
    private final boolean writeExamples;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, JoinEntry> join;
    private KeyValueStore<String, String> expiry;
    private QualityBook quality;

    LabelJoinProcessor(final Duration retention, final boolean writeExamples) {
        this.retentionMs = retention.toMillis();
        this.writeExamples = writeExamples;
    }

    @Override
    public void init(final ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.join = context.getStateStore(JOIN_STORE);
        this.expiry = context.getStateStore(EXPIRY_STORE);
        this.quality = new QualityBook(context.getStateStore(QUALITY_STORE));
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, this::expireUpTo);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, quality::expireBuckets);
    }

    @Override
    public void process(final Record<byte[], JoinEvent> record) {
        final JoinEvent event = record.value();
        if (event == null) {
            return; // nothing sends tombstones here; a foreign write to the internal topic is not ours to count
        }
        final long ts = record.timestamp();
        JoinEntry entry = join.get(event.id());
        if (entry != null && ts > entry.deadline()) {
            expire(event.id(), entry); // not yet swept by the punctuator: it is past its retention all the same
            entry = null;
        }
        final JoinEntry next = event instanceof ScoreEvent s ? onScore(entry, s, ts) : onLabel(entry, (LabelEvent) event, ts);
        if (entry != null && entry.deadline() != next.deadline()) {
            expiry.delete(indexKey(entry.deadline(), event.id()));
        }
        if (entry == null || entry.deadline() != next.deadline()) {
            expiry.put(indexKey(next.deadline(), event.id()), "");
        }
        join.put(event.id(), next);
    }

    private JoinEntry onScore(final JoinEntry entry, final ScoreEvent s, final long ts) {
        final LabelEvent label = entry == null ? null : entry.label();
        if (entry != null && entry.score() != null) {
            // scored again (the same id sent twice): the newer score replaces the older in every figure
            unscore(entry);
        } else if (label != null) {
            quality.unmatched(-1);
        }
        count(s, 1, label == null ? 1 : 0);
        if (label != null) {
            addExample(s, label, 1);
            emit(s, label, ts);
        }
        return new JoinEntry(s, ts, label, ts + retentionMs);
    }

    private JoinEntry onLabel(final JoinEntry entry, final LabelEvent l, final long ts) {
        if (entry == null || entry.score() == null) {
            if (entry == null) {
                quality.unmatched(1);
            }
            // waits for its score, the retention after the latest label
            return new JoinEntry(null, 0, l, ts + retentionMs);
        }
        final ScoreEvent s = entry.score();
        final LabelEvent old = entry.label();
        if (old != null && old.label() == l.label()) {
            return entry; // repeated: the effective label does not change, nothing is counted again
        }
        if (old == null) {
            count(s, 0, -1);
        } else {
            addExample(s, old, -1);
        }
        addExample(s, l, 1);
        emit(s, l, ts);
        return new JoinEntry(s, entry.scoreTs(), l, entry.deadline());
    }

    /** Retracts everything {@code entry}'s score counted. */
    private void unscore(final JoinEntry entry) {
        final ScoreEvent s = entry.score();
        if (entry.label() != null) {
            addExample(s, entry.label(), -1);
        }
        count(s, -1, entry.label() == null ? -1 : 0);
    }

    private void count(final ScoreEvent s, final int scored, final int awaiting) {
        quality.scored(s.model(), scored, awaiting);
        if (s.shadow() != null) {
            quality.scored(s.shadow().model(), scored, awaiting);
        }
    }

    private void addExample(final ScoreEvent s, final LabelEvent l, final int sign) {
        quality.example(s.model(), s.predicted().isSpam(), l.label().isSpam(), l.labelAt(), sign);
        if (s.shadow() != null) {
            quality.example(s.shadow().model(), s.shadow().predicted().isSpam(), l.label().isSpam(), l.labelAt(), sign);
        }
    }

    private void emit(final ScoreEvent s, final LabelEvent l, final long ts) {
        if (writeExamples) {
            context.forward(new Record<>(s.id().getBytes(StandardCharsets.UTF_8), ExampleJson.write(s.example(l)), ts));
        }
    }

    /** An entry past its deadline leaves: an unlabelled score stops awaiting, a lone label stops being unmatched. */
    private void expire(final String id, final JoinEntry entry) {
        if (entry.score() != null && entry.label() == null) {
            count(entry.score(), 0, -1);
        } else if (entry.score() == null) {
            quality.unmatched(-1);
        }
        join.delete(id);
        expiry.delete(indexKey(entry.deadline(), id));
    }

    private void expireUpTo(final long streamTime) {
        final List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = expiry.range(indexKey(Long.MIN_VALUE, ""), indexKey(streamTime - 1, "\uffff"))) {
            while (it.hasNext()) {
                due.add(it.next());
            }
        }
        for (final KeyValue<String, String> kv : due) {
            final String id = kv.key.substring(kv.key.indexOf('\u0000') + 1);
            final JoinEntry entry = join.get(id);
            if (entry != null && entry.deadline() < streamTime) {
                expire(id, entry);
            } else {
                expiry.delete(kv.key); // a stale index entry
            }
        }
        if (!due.isEmpty() && LOG.isDebugEnabled()) {
            LOG.debug("expired {} join entries up to stream time {}", due.size(), streamTime);
        }
    }

    /** Deadline as 19 zero-padded digits (negative times clamp to 0), then id: string order is time order. */
    static String indexKey(final long deadline, final String id) {
        return String.format(Locale.ROOT, "%019d", Math.max(0, deadline)) + '\u0000' + id;
    }
}
