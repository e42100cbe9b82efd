package io.spamscorer.model;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model every stream thread scores with right now. A swap is one atomic reference write, and each
 * record captures the model once when it is parsed, so a record is always scored and labelled by one model.
 */
public final class ModelHolder {

    private final AtomicReference<LoadedModel> current;

    public ModelHolder(final LoadedModel initial) {
        this.current = new AtomicReference<>(initial);
    }

    public Model model() {
        return current.get().model();
    }

    public LoadedModel current() {
        return current.get();
    }

    public void swap(final LoadedModel next) {
        current.set(next);
    }
}
