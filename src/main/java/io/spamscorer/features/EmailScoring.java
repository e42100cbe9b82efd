package io.spamscorer.features;

import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.mail.InvalidEmailException;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.Score;
import io.spamscorer.model.ScoringException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The one raw-mail scoring path: bytes → {@link EmailParser} → the model's own {@link Featurizer} → sparse
 * {@link Model#score(SparseVector, int)}. The {@code score --email}, {@code evaluate --mail} and {@code demo --email}
 * commands go through it, so they compute exactly what the scorer would for the same bytes. Thread-safe.
 */
public final class EmailScoring {

    /** The prefix of an id made from the message bytes when the message has no Message-ID. */
    public static final String DIGEST_ID_PREFIX = "sha256:";

    /** One scored message: its id ({@link #id}) and the model's verdict. */
    public record Scored(String id, Score score) {
        public Scored {
            Objects.requireNonNull(id, "id == null");
            Objects.requireNonNull(score, "score == null");
        }
    }

    private final EmailParser parser;

    public EmailScoring(final EmailParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser == null");
    }

    public EmailParser parser() {
        return parser;
    }

    /**
     * Parses and scores one raw message.
     *
     * @throws InvalidEmailException when the bytes are not a scorable message (the reason class says why)
     * @throws ScoringException      when the features leave the finite range
     * @throws io.spamscorer.model.ModelException when {@code model} has no featurizer
     */
    public Scored score(final byte[] raw, final Model model, final int topK) {
        ModelCompatibility.checkEmail(model);
        return score(parser.parse(raw), raw, model, topK);
    }

    /** Scores a message already parsed by this path's {@link EmailParser}; {@code raw} only names it. */
    public static Scored score(final Email email, final byte[] raw, final Model model, final int topK) {
        return new Scored(id(email, raw), score(email, model, topK));
    }

    /** The verdict on a message already parsed by this path's {@link EmailParser}. */
    public static Score score(final Email email, final Model model, final int topK) {
        ModelCompatibility.checkEmail(model);
        return model.score(model.featurizer().featurize(email), topK);
    }

    /**
     * The record id of a raw message: its Message-ID (without the angle brackets), or {@code sha256:} and the
     * lower-case hex SHA-256 of the bytes when it has none, so a message is named the same on every run.
     */
    public static String id(final Email email, final byte[] raw) {
        return email.messageId().isEmpty() ? DIGEST_ID_PREFIX + HexFormat.of().formatHex(sha256(raw)) : email.messageId();
    }

    private static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
