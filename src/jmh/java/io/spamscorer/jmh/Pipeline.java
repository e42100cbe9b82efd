package io.spamscorer.jmh;

import io.spamscorer.model.Model;
import io.spamscorer.stream.FeatureVector;
import io.spamscorer.stream.MissingFeaturePolicy;
import io.spamscorer.stream.RecordParser;
import io.spamscorer.stream.ScoredRecord;
import io.spamscorer.stream.ScoredRecordSerializer;
import io.spamscorer.stream.Scorer;

/**
 * The production hot path as the topology wires it with the default configuration: {@link RecordParser} (missing
 * features rejected) → {@link Scorer} (explain top 3) → {@link ScoredRecordSerializer}, for the shipped model.
 */
final class Pipeline {

    final Model model = Fixtures.model();
    final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
    final Scorer scorer = new Scorer(3);
    final ScoredRecordSerializer serializer = new ScoredRecordSerializer();

    FeatureVector parse(final byte[] value) {
        return parser.parse(value, model);
    }

    ScoredRecord score(final FeatureVector v, final long now) {
        return scorer.score(v, now);
    }

    byte[] serialize(final ScoredRecord r) {
        return serializer.serialize("emails.scored", r);
    }

    /** One input value to its output bytes. */
    byte[] run(final byte[] value, final long now) {
        return serialize(score(parse(value), now));
    }
}
