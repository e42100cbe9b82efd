package io.spamscorer.model;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The models every stream thread scores with right now: the live model and, when one is published, a shadow
 * (challenger) scored beside it. A swap, a shadow change or a promotion is one atomic reference write, and each
 * record reads {@link #snapshot()} once, so a record is always scored and labelled by one live model and at most one
 * shadow.
 */
public final class ModelHolder {

    /** The live model and the shadow model, or null when there is none. */
    public record Models(LoadedModel live, LoadedModel shadow) {

        public Models {
            java.util.Objects.requireNonNull(live, "live == null");
        }

        public boolean hasShadow() {
            return shadow != null;
        }
    }

    private final AtomicReference<Models> current;

    public ModelHolder(final LoadedModel initial) {
        this.current = new AtomicReference<>(new Models(initial, null));
    }

    /** The live model. */
    public Model model() {
        return current.get().live().model();
    }

    /** The live model with its source. */
    public LoadedModel current() {
        return current.get().live();
    }

    /** Live and shadow together, read once per record. */
    public Models snapshot() {
        return current.get();
    }

    /** Replaces the live model; the shadow stays. */
    public void swap(final LoadedModel next) {
        current.updateAndGet(m -> new Models(next, m.shadow()));
    }

    /** Sets the shadow model, or removes it when {@code shadow} is null; the live model stays. */
    public void swapShadow(final LoadedModel shadow) {
        current.updateAndGet(m -> new Models(m.live(), shadow));
    }

    /** Makes {@code live} the live model and removes the shadow, in one write. */
    public void promote(final LoadedModel live) {
        current.set(new Models(live, null));
    }
}
