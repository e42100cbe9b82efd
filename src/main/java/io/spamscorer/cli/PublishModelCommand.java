package io.spamscorer.cli;

import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelInputs;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.ops.ModelTopicProtocol;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code publish-model}: validates a model file and writes it to {@code scorer.model.topic} (key: model name,
 * value: the model JSON), where every running scorer instance picks it up without a restart; with {@code --shadow}
 * it goes to the shadow slot instead ({@link ModelTopicProtocol#SHADOW_KEY}), scored beside the live model, and
 * {@code --promote} makes the current shadow live on every instance in one transaction. A model that takes
 * positional records must keep the feature names and order of {@code scorer.model.path}, the reference the job
 * checks against too; the file must therefore be readable here.
 */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
        description = {"Validate a model file and publish it to the model topic; running scorers switch to it within seconds.",
                "With --shadow it becomes the shadow (challenger) model that every scorer runs beside the live one;"
                        + " --promote makes the current shadow live and clears the shadow slot, in one transaction."
                        + " The 'promote' command does the same after checking the shadow's live figures."})
public final class PublishModelCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", description = "Model file to publish (required unless --promote).")
    private Path model;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The scorer's properties file (bootstrap.servers, security, scorer.model.topic, scorer.model.path); "
                    + "SPAM_SCORER_* environment variables override it.")
    private Path configFile;

    @Option(names = "--allow-feature-change",
            description = "Publish a model whose features (names, order or count) differ from scorer.model.path's as a "
                    + "named-only model: it is published with \"inputs\": \"named-only\", and the job dead-letters positional "
                    + "records instead of scoring them in the wrong order. Only for producers that send named features.")
    private boolean allowFeatureChange;

    @Option(names = "--shadow",
            description = "Publish the model to the shadow slot (key " + ModelTopicProtocol.SHADOW_KEY + "), replacing any"
                    + " shadow: scorers score every record with it too and write its results to scorer.shadow.topic, while"
                    + " the live model's results still go to the output topic. Checked exactly as a live model.")
    private boolean shadow;

    @Option(names = "--promote",
            description = "Make the current shadow model live on every scorer, without checking its figures (see the"
                    + " 'promote' command for that): one transaction writes the shadow's JSON under its model name and"
                    + " removes the shadow. Takes no --model; refuses when there is no shadow.")
    private boolean promote;

    @Option(names = "--clear-shadow",
            description = "Remove the current shadow model without promoting it (a tombstone on the shadow slot): scorers"
                    + " go back to the live model alone. Takes no --model; refuses when there is no shadow.")
    private boolean clearShadow;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (promote && (model != null || shadow || allowFeatureChange)) {
            throw OptionChecks.bad(spec, "--promote takes no --model, --shadow or --allow-feature-change: it promotes the"
                    + " shadow already on the model topic");
        }
        if (clearShadow && (promote || model != null || shadow || allowFeatureChange)) {
            throw OptionChecks.bad(spec, "--clear-shadow takes no --model, --shadow, --promote or --allow-feature-change:"
                    + " it removes the shadow already on the model topic");
        }
        if (!promote && !clearShadow && model == null) {
            throw OptionChecks.bad(spec, "Missing required option: '--model=FILE' (or --promote to make the current shadow live)");
        }
        final PrintWriter err = spec.commandLine().getErr();
        final ScorerConfig config = ScorerConfig.load(configFile, System.getenv());
        try {
            if (clearShadow) {
                final ModelPublisher.Published p = ModelPublisher.clearShadow(config);
                System.out.printf("cleared shadow %s from %s (tombstone at partition %d, offset %d); scorers use the live"
                        + " model alone%n", p.model(), p.topic(), p.partition(), p.offset());
                return ExitCodes.OK;
            }
            if (promote) {
                final ModelPublisher.Published p = ModelPublisher.promote(config);
                System.out.printf("promoted shadow %s: now live on %s (partition %d, offset %d); the shadow slot is empty%n",
                        p.model(), p.topic(), p.partition(), p.offset());
                return ExitCodes.OK;
            }
            return publish(config);
        } catch (final ModelPublisher.PublishException e) {
            final ModelTopicProbe.Failure f = ModelTopicProbe.failure(e);
            err.println("error: " + f.message());
            return f.exitCode();
        }
    }

    private int publish(final ScorerConfig config) throws InterruptedException {
        byte[] value = ModelLoader.read(model);
        Model candidate = parse(value);
        if (config.inputFormat() == InputFormat.EMAIL) {
            // raw-email scorers featurize with the model's own featurizer: any vocabulary, but it must have one
            try {
                ModelPublisher.checkCompatible(config, candidate);
            } catch (final ModelException e) {
                throw new ModelException(model + ": " + e.getMessage(), e);
            }
        } else if (candidate.inputs() == ModelInputs.NAMED_ONLY) {
            System.out.println(candidate + " takes named inputs only; its features are not compared with scorer.model.path");
        } else {
            try {
                ModelPublisher.checkCompatible(config, candidate);
            } catch (final ModelException e) {
                if (!allowFeatureChange) {
                    throw new ModelException(model + ": " + e.getMessage(), e);
                }
                value = ModelLoader.withInputs(value, ModelInputs.NAMED_ONLY);
                candidate = parse(value);
                System.out.println("features differ from " + config.modelPath() + "; publishing " + candidate.name()
                        + " with \"inputs\": \"named-only\": positional records will be dead-lettered while it is in use");
            }
        }
        if (shadow) {
            final ModelPublisher.Published p = ModelPublisher.publishShadow(config, candidate, value);
            System.out.printf("published %s as the shadow model to %s (partition %d, offset %d)%n", p.model(), p.topic(),
                    p.partition(), p.offset());
        } else {
            final ModelPublisher.Published p = ModelPublisher.publishLive(config, candidate, value);
            System.out.printf("published %s to %s (partition %d, offset %d)%n", p.model(), p.topic(), p.partition(), p.offset());
        }
        return ExitCodes.OK;
    }

    private Model parse(final byte[] value) {
        try {
            return ModelLoader.parse(value);
        } catch (final ModelException e) {
            throw new ModelException(model + ": " + e.getMessage(), e);
        }
    }
}
