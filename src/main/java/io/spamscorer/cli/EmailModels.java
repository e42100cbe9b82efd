package io.spamscorer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.features.FeaturizerSpec;
import io.spamscorer.features.SpambaseFeaturizer;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Loads the model of a command that reads raw mail ({@code score --email}, {@code evaluate --mail}): it must carry a
 * {@code featurizer}, or be given one with {@code --featurizer spambase} when it is a 57-feature Spambase model
 * (such as {@code config/model.json}, trained on UCI's feature table, which knows nothing of messages).
 */
final class EmailModels {

    static final String FEATURIZER_HELP = "For raw mail only: spambase computes the 57 UCI Spambase features from each "
            + "message, for a Spambase model without a featurizer (e.g. config/model.json). Default: the model's own "
            + "featurizer.";

    private EmailModels() {
    }

    /**
     * The model at {@code path}, with the Spambase featurizer attached when {@code featurizer} is {@code spambase}.
     *
     * @throws ModelException naming the model file when it cannot score raw mail
     */
    static Model load(final CommandSpec spec, final Path path, final String featurizer) {
        final Model m = ModelLoader.load(path);
        if (featurizer == null) {
            if (m.featurizer() == null) {
                throw new ModelException(path + ": model " + m.name() + " version " + m.version() + " has no featurizer,"
                        + " so it cannot score raw mail; use a model trained with train --mail (e.g. config/email-model.json),"
                        + " or --featurizer spambase for a Spambase model");
            }
            return m;
        }
        if (!SpambaseFeaturizer.TYPE.equals(featurizer.toLowerCase(Locale.ROOT))) {
            throw OptionChecks.bad(spec, "--featurizer must be spambase, got '" + featurizer + "'");
        }
        if (m.featurizer() != null) {
            if (SpambaseFeaturizer.TYPE.equals(m.featurizer().type())) {
                return m;
            }
            throw new ModelException(path + ": model has featurizer " + m.featurizer().type()
                    + "; --featurizer spambase is only for a Spambase model without one");
        }
        final ObjectNode tree = FeaturizerSpec.attach(ModelLoader.toTree(m), new SpambaseFeaturizer());
        try {
            return ModelLoader.parse(Json.mapper().writeValueAsBytes(tree));
        } catch (final IOException e) {
            throw new ModelException(path + ": model cannot be written: " + e.getMessage(), e);
        } catch (final ModelException e) {
            throw new ModelException(path + ": --featurizer spambase: " + e.getMessage(), e);
        }
    }
}
