package io.spamscorer.stream;

import java.util.Locale;

/** Coarse class of a dead-lettered record, used as a metric label and in the {@code scorer.dlq.reason} header. */
public enum Reason {
    TOMBSTONE,
    EMPTY,
    TOO_LARGE,
    NOT_JSON,
    NOT_OBJECT,
    DUPLICATE_FIELD,
    BAD_ID,
    BAD_FEATURES,
    FEATURE_COUNT,
    BAD_FEATURE_TYPE,
    NON_FINITE,
    MISSING_FEATURE,
    UNSCORABLE,
    /** Raw email input: JSON, binary junk, or text without a single header field. */
    NOT_EMAIL,
    /** Raw email input: a MIME structure the parser cannot read at all. */
    UNDECODABLE,
    /** Labels topic: a missing or unknown label, or a bad {@code at}. */
    BAD_LABEL,
    INTERNAL;

    /** Lower-case name for metric tags and headers, e.g. {@code non_finite}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
