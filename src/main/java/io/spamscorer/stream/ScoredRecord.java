package io.spamscorer.stream;

import io.spamscorer.model.Contribution;
import java.util.List;

/**
 * The output record on {@code scorer.output.topic}. Field order on the wire is the declaration order;
 * {@code topFeatures} is omitted when empty (that is, when {@code scorer.explain.top=0}).
 */
public record ScoredRecord(String id, double spamProbability, String label, double logit, double threshold,
                           String modelName, String modelVersion, long scoredAtMillis, List<Contribution> topFeatures) {

    public ScoredRecord {
        topFeatures = List.copyOf(topFeatures);
    }
}
