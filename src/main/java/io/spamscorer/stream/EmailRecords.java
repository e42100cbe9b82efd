package io.spamscorer.stream;

import io.spamscorer.features.SparseVector;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.InvalidEmailException;
import io.spamscorer.model.Model;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The record-level rules of raw-email input, shared by the topology and the CLI: which id a message gets, how a
 * parse failure maps to a dead-letter {@link Reason}, and the feature record written to {@code scorer.features.topic}.
 */
public final class EmailRecords {

    /** Prefix of the id of a message with neither a usable key nor a Message-ID. */
    public static final String SHA256_PREFIX = "sha256:";
    /** Prefix of the id taken from a key that is not valid UTF-8. */
    public static final String HEX_PREFIX = "hex:";

    private EmailRecords() {
    }

    /**
     * The id of one message: the record key as UTF-8 when it is present and not blank (a key that is not valid UTF-8
     * gives {@code hex:} and its bytes in lower-case hex, so a binary key is kept rather than the message lost), else
     * the Message-ID (without angle brackets), else {@code sha256:} and the hex SHA-256 of the raw bytes.
     */
    public static String id(final byte[] key, final Email email, final byte[] raw) {
        if (key != null && key.length > 0) {
            final String k = utf8(key);
            if (k == null) {
                return HEX_PREFIX + HexFormat.of().formatHex(key);
            }
            if (!k.isBlank()) {
                return k;
            }
        }
        if (!email.messageId().isBlank()) {
            return email.messageId();
        }
        try {
            return SHA256_PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String utf8(final byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            return null;
        }
    }

    /** The dead-letter form of a parse failure: the parser's message, and its reason class as a {@link Reason}. */
    public static InvalidRecordException invalid(final InvalidEmailException e) {
        final Reason reason = reasonOf(e.reasonClass());
        return new InvalidRecordException(reason, e.getMessage(), reason == Reason.TOO_LARGE);
    }

    /** The {@link Reason} whose label is {@code reasonClass}; {@link Reason#INTERNAL} for one the scorer does not know. */
    static Reason reasonOf(final String reasonClass) {
        for (final Reason r : Reason.values()) {
            if (r.label().equals(reasonClass)) {
                return r;
            }
        }
        return Reason.INTERNAL;
    }

    /**
     * {@code x} as a named feature record in the input format, {@code {"id": ..., "features": {name: value, ...}}},
     * with the non-zero features only (a vocabulary has tens of thousands of names): replaying it through a
     * features-format scorer needs {@code scorer.features.missing=zero}, and then gives the same score.
     */
    public static byte[] featureRecord(final String id, final SparseVector x, final Model model) {
        final List<String> names = new ArrayList<>(x.size());
        final double[] values = new double[x.size()];
        int n = 0;
        for (int k = 0; k < x.size(); k++) {
            if (x.value(k) != 0.0) {
                names.add(model.features().get(x.index(k)));
                values[n++] = x.value(k);
            }
        }
        return InputRecords.encode(id, Arrays.copyOf(values, n), names);
    }
}
