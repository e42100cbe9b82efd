package io.spamscorer.model;

/** One feature's signed share w·x' of the logit. */
public record Contribution(String feature, double contribution) {
}
