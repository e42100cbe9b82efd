package io.spamscorer.model;

import java.util.List;

/** The neuron's verdict on one feature vector, with the model that produced it. */
public record Score(Model model, double logit, double spamProbability, boolean spam, List<Contribution> topFeatures) {

    public Score {
        topFeatures = List.copyOf(topFeatures);
    }

    public String label() {
        return spam ? "spam" : "ham";
    }
}
