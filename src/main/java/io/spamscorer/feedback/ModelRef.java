package io.spamscorer.feedback;

import java.util.Objects;

/** A model's name and version: what the quality figures and the examples topic are kept per. */
public record ModelRef(String name, String version) {

    public ModelRef {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(version, "version == null");
    }

    public static ModelRef of(final io.spamscorer.model.Model model) {
        return new ModelRef(model.name(), model.version());
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
