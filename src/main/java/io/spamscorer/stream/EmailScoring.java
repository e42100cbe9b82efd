package io.spamscorer.stream;

import io.spamscorer.features.Featurizer;
import io.spamscorer.features.SparseVector;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.mail.InvalidEmailException;
import io.spamscorer.model.Model;
import io.spamscorer.model.ScoringException;

/**
 * Raw message bytes → scored record: parse (the size check first), featurize with the model's own featurizer, take
 * the id, score. The one path the email topology and {@code score --email} share, so they cannot drift apart.
 */
public final class EmailScoring {

    /** One message's id, its features, the model that made them and its output record. */
    public record Result(String id, SparseVector features, Model model, ScoredRecord scored) {
    }

    private final EmailParser parser;
    private final Scorer scorer;

    public EmailScoring(final EmailParser parser, final Scorer scorer) {
        this.parser = parser;
        this.scorer = scorer;
    }

    public EmailParser parser() {
        return parser;
    }

    /**
     * Scores one message with {@code model}, which the caller reads once per record so featurizer and weights come
     * from the same model.
     *
     * @param key the record key, or null (see {@link EmailRecords#id})
     * @throws InvalidEmailException when the bytes are not a message the parser takes
     * @throws ScoringException      when the logit leaves the finite range
     */
    public Result score(final byte[] key, final byte[] raw, final Model model, final long nowMillis) {
        return score(key, parser.parse(raw), raw, model, nowMillis);
    }

    /**
     * Scores an already parsed message with {@code model}'s own featurizer: the shadow model re-uses the live
     * model's parse of the record, but never its features.
     */
    public Result score(final byte[] key, final Email email, final byte[] raw, final Model model, final long nowMillis) {
        final Featurizer featurizer = model.featurizer();
        if (featurizer == null) {
            // startup, the model watcher and score --email admit only models with a featurizer for raw email
            throw new IllegalStateException("model " + model + " has no featurizer but the input is raw email");
        }
        final SparseVector x = featurizer.featurize(email);
        final String id = EmailRecords.id(key, email, raw);
        return new Result(id, x, model, scorer.score(id, model, x, nowMillis));
    }
}
