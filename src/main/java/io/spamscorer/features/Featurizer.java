package io.spamscorer.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.mail.Email;
import java.util.List;

/**
 * Turns the parsed view of one message into the model's feature vector. Implementations are immutable and
 * thread-safe; the work per message is bounded by the message's size (and by the featurizer's own limits), never by
 * the number of features.
 */
public interface Featurizer {

    /** The {@code featurizer.type} of the model file, e.g. {@code spambase} or {@code words}. */
    String type();

    /** The features in vector order: the model file's {@code features}. */
    List<String> featureNames();

    /** The message's features; absent ones are 0. */
    SparseVector featurize(Email email);

    /** The model file's {@code featurizer} object: everything except the feature names needed to recompute them. */
    ObjectNode spec();

    /** The dense vector in feature order, for {@code Model.score(double[], int)}. */
    default double[] featurizeDense(final Email email) {
        return featurize(email).toDense();
    }
}
