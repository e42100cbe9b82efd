package io.spamscorer.stream;

import io.spamscorer.features.SparseVector;
import io.spamscorer.model.Model;
import io.spamscorer.model.Score;

/** The one scoring path shared by the topology and the {@code score} command: feature vector → output record. */
public final class Scorer {

    private final int explainTop;

    public Scorer(final int explainTop) {
        if (explainTop < 0) {
            throw new IllegalArgumentException("explainTop must be >= 0, got " + explainTop);
        }
        this.explainTop = explainTop;
    }

    public ScoredRecord score(final FeatureVector v, final long nowMillis) {
        final Score s = v.model().score(v.values(), explainTop);
        return new ScoredRecord(v.id(), s.spamProbability(), s.label(), s.logit(), v.model().threshold(),
                v.model().name(), v.model().version(), nowMillis, s.topFeatures());
    }

    /** A featurized message → output record, through {@link Model#score(SparseVector, int)} (raw-email input). */
    public ScoredRecord score(final String id, final Model model, final SparseVector x, final long nowMillis) {
        final Score s = model.score(x, explainTop);
        return new ScoredRecord(id, s.spamProbability(), s.label(), s.logit(), model.threshold(), model.name(),
                model.version(), nowMillis, s.topFeatures());
    }
}
