package io.spamscorer.stream;

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
}
