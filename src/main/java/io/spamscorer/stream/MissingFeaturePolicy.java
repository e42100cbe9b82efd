package io.spamscorer.stream;

/** What a named record without some model feature gets: rejected, or that feature set to 0. */
public enum MissingFeaturePolicy {
    REJECT,
    ZERO
}
