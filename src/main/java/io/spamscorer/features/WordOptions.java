package io.spamscorer.features;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link WordTokenizer} cuts a message into tokens; stored in the model file's {@code featurizer} object.
 *
 * @param lowercase  fold tokens to lower case (Locale.ROOT)
 * @param minLength  shortest token kept, in chars
 * @param maxLength  longest token kept; longer runs are skipped whole, as bogofilter does
 * @param maxTokens  tokens read per message, over all fields; the rest of the message is ignored
 * @param value      {@code binary} (1 when present) or {@code log1p} (log(1 + count))
 * @param extraChars characters that belong to a token besides letters and digits (e.g. {@code $'-.}); of these,
 *                   {@code ' - .} are trimmed from a token's ends
 * @param numbers    keep tokens made only of digits; off, years and dates ("2002") cannot teach the model when its
 *                   training mail was written
 * @param fields     where tokens come from, see {@link #ALL_FIELDS}
 */
public record WordOptions(boolean lowercase, int minLength, int maxLength, int maxTokens, String value,
                          String extraChars, boolean numbers, List<String> fields) {

    /** Body text and HTML visible text, unprefixed. */
    public static final String BODY = "body";
    /** Subject words as {@code subject:word}. */
    public static final String SUBJECT = "subject";
    /** Words of the From header as {@code from:word} (address parts and display name). */
    public static final String FROM = "from";
    /** Link hosts as {@code url:host} and their last two labels {@code url:example.com}. */
    public static final String URL = "url";
    /** Words of X-Mailer / User-Agent as {@code mailer:word}. */
    public static final String MAILER = "mailer";
    /** Content-Type, charset and attachment types as {@code type:text/html}, {@code charset:gb2312}, {@code attachment:image/gif}. */
    public static final String TYPES = "types";
    /** The names of the top-level header fields present, as {@code header:in-reply-to} (lower case, once each). */
    public static final String HEADERS = "headers";
    /**
     * Host names (a run of letters, digits, '.' and '-' with a letter and a dot) in the first 10 Received headers, as
     * {@code rcvd:mail.example.com}, and the Message-ID's host as {@code msgid:example.com}. Dates, IPs and queue ids
     * are not tokens, so nothing here encodes when the training mail was sent.
     */
    public static final String RELAYS = "relays";
    public static final Set<String> ALL_FIELDS = Set.of(BODY, SUBJECT, FROM, URL, MAILER, TYPES, HEADERS, RELAYS);
    public static final Set<String> VALUES = Set.of("binary", "log1p");

    public WordOptions {
        Objects.requireNonNull(value, "value == null");
        Objects.requireNonNull(extraChars, "extraChars == null");
        if (extraChars.length() > 32 || extraChars.chars().anyMatch(c -> Character.isLetterOrDigit(c)
                || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new FeaturizerException("featurizer.extraChars must be at most 32 punctuation characters, got '" + extraChars + "'");
        }
        fields = List.copyOf(fields);
        if (minLength < 1) {
            throw new FeaturizerException("featurizer.minLength must be >= 1, got " + minLength);
        }
        if (maxLength < minLength || maxLength > 1000) {
            throw new FeaturizerException("featurizer.maxLength must be between minLength (" + minLength
                    + ") and 1000, got " + maxLength);
        }
        if (maxTokens < 1 || maxTokens > 1_000_000) {
            throw new FeaturizerException("featurizer.maxTokens must be between 1 and 1000000, got " + maxTokens);
        }
        if (!VALUES.contains(value)) {
            throw new FeaturizerException("featurizer.value must be binary or log1p, got '" + value + "'");
        }
        for (int i = 0; i < fields.size(); i++) {
            if (!ALL_FIELDS.contains(fields.get(i))) {
                throw new FeaturizerException("featurizer.fields[" + i + "] is '" + fields.get(i)
                        + "'; known fields: " + String.join(", ", ALL_FIELDS.stream().sorted().toList()));
            }
        }
        if (fields.isEmpty()) {
            throw new FeaturizerException("featurizer.fields is empty");
        }
    }

    public boolean has(final String field) {
        return fields.contains(field);
    }

    public boolean binary() {
        return value.equals("binary");
    }
}
