package io.spamscorer.model;

import java.time.Instant;
import java.util.Objects;

/** A model together with where it came from (a file path or topic coordinates) and when it was loaded. */
public record LoadedModel(Model model, String source, Instant loadedAt) {

    public LoadedModel {
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(source, "source == null");
        Objects.requireNonNull(loadedAt, "loadedAt == null");
    }
}
