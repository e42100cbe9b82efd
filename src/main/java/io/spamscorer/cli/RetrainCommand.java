package io.spamscorer.cli;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.train.CrossValidation;
import io.spamscorer.train.DatasetException;
import io.spamscorer.train.ExampleDataset;
import io.spamscorer.train.RetrainBase;
import io.spamscorer.train.RetrainTopics;
import io.spamscorer.train.Retrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code retrain}: trains a successor of the live model on {@code scorer.examples.topic} (the latest label per email
 * id, with the features the scorer captured), optionally with a base corpus, using the live model's features,
 * featurizer and trainer; prints cross-validated metrics as {@code train} does, writes the model file and, with
 * {@code --publish-shadow}, publishes it to the model topic's shadow slot. Metrics go to stdout, progress to stderr.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Retrain the live model on the labelled examples of scorer.examples.topic (plus an optional base "
                + "corpus), print cross-validated metrics, write the model file and optionally publish it as the shadow.",
            "The live model is the newest live model on scorer.model.topic, else scorer.model.path; the new model keeps "
                + "its features and featurizer, so example features it does not know are dropped (and counted)."})
public final class RetrainCommand implements Callable<Integer> {

    /** How long reading a topic to its end may take. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** Short: a model topic that does not exist must not hold up a retrain that can use the model file. */
    static final Duration MODEL_TOPIC_TIMEOUT = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The scorer's properties file (bootstrap.servers, security, scorer.examples.topic, "
                    + "scorer.model.topic, scorer.model.path); SPAM_SCORER_* environment variables override it.")
    private Path configFile;

    @Option(names = "--base-mail", paramLabel = "DIR",
            description = "Also train on this labelled mail directory (DIR/ham, DIR/spam, as train --mail reads it), "
                    + "featurized by the live model's featurizer.")
    private Path baseMail;

    @Option(names = "--base-data", paramLabel = "CSV",
            description = "Also train on this labelled CSV (spam column 1/0, as train --data reads it); it must have a "
                    + "column for every feature of the live model.")
    private Path baseData;

    @Option(names = "--out", paramLabel = "MODEL.json", description = "Model file to write.")
    private Path out;

    @Option(names = "--publish-shadow",
            description = "Publish the new model to the shadow slot of scorer.model.topic: every scorer then scores "
                    + "with it too, to scorer.shadow.topic, until it is promoted or replaced.")
    private boolean publishShadow;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5",
            description = "Stratified cross-validation folds, >= 2 (default: ${DEFAULT-VALUE}).")
    private int folds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seeds the fold shuffle (and the initial weights of a Spambase model) (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--max-false-positive-rate", paramLabel = "R",
            description = "Threshold: the lowest whose cross-validated ham-as-spam rate is <= R (default: the live "
                    + "model's, else threshold 0.5).")
    private Double maxFalsePositiveRate;

    @Option(names = "--model-version", paramLabel = "VERSION",
            description = "Version of the new model (default: <live version>-retrained-<examples used>).")
    private String version;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkOptions();
        final PrintWriter err = spec.commandLine().getErr();
        // stdout as the other Kafka commands print it (System.out), so a caller that redirects it gets the results
        final PrintStream stdout = System.out;
        final ScorerConfig config = ScorerConfig.load(configFile, System.getenv());
        final String topic = config.examplesTopic().orElseThrow(() -> new ConfigurationException(
                ScorerConfig.EXAMPLES_TOPIC + " is not set (empty, so off): retrain learns from the labelled examples the "
                        + "scorer writes there; set it and " + ScorerConfig.LABELS_TOPIC + " on the scorer and in --config"));
        final long start = System.nanoTime();
        final RetrainTopics.Live live = RetrainTopics.liveOrFile(config, MODEL_TOPIC_TIMEOUT);
        err.printf("live model %s, from %s%n", live.model(), live.source());
        err.printf("reading %s ...%n", topic);
        err.flush();
        final RetrainTopics.Examples read = RetrainTopics.examples(config, topic, READ_TIMEOUT);
        final ExampleDataset examples = ExampleDataset.of(read.byId().values(), live.model().features());
        report(err, topic, read, examples);
        final RetrainBase base = base(live, err);
        final Retrainer.Request request = new Retrainer.Request(
                version == null ? Retrainer.version(live.model(), examples) : version, folds, seed, maxFalsePositiveRate,
                topic);
        err.printf(Locale.ROOT, "%d rows (%d examples%s); %d-fold stratified cross-validation, seed %d%n",
                examples.rows() + (base == null ? 0 : base.size()), examples.rows(),
                base == null ? "" : " + " + base.size() + " from " + base.source(), folds, seed);
        err.flush();
        final Retrainer.Result r = Retrainer.retrain(live.model(), examples, base, request, (fold, k, heldOut) -> {
            err.printf(Locale.ROOT, "  fold %d/%d done (%d rows held out)%n", fold, k, heldOut);
            err.flush();
        });
        stdout.printf(Locale.ROOT, "cross-validation (%d-fold stratified, seed %d, out-of-fold scores pooled)%s:%n", folds, seed,
                r.maxFalsePositiveRate() == null ? "" : ", threshold for max false-positive rate " + r.maxFalsePositiveRate());
        stdout.print(r.cv().format());
        if (out != null) {
            final Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(out, r.json());
            stdout.printf(Locale.ROOT, "wrote %s (%s, %d features, threshold %s)%n", out, r.model(),
                    r.model().featureCount(), r.model().threshold());
        }
        stdout.flush();
        if (publishShadow) {
            return publish(config, r, stdout, err);
        }
        err.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        err.flush();
        return ExitCodes.OK;
    }

    private int publish(final ScorerConfig config, final Retrainer.Result r, final PrintStream stdout, final PrintWriter err)
            throws InterruptedException {
        try {
            ModelPublisher.checkCompatible(config, r.model());
            final ModelPublisher.Published p = ModelPublisher.publishShadow(config, r.model(), r.json());
            stdout.printf("published %s as the shadow to %s (partition %d, offset %d)%n", ModelRef.of(p.model()), p.topic(),
                    p.partition(), p.offset());
            stdout.flush();
            return ExitCodes.OK;
        } catch (final ModelPublisher.PublishException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return e.retryable() ? ExitCodes.FAILED : ExitCodes.BAD_INPUT;
        }
    }

    /** The errors a user can act on: nothing on the topic, nothing with features. */
    private static void report(final PrintWriter err, final String topic, final RetrainTopics.Examples read,
                               final ExampleDataset examples) {
        final ExampleDataset.Report rep = examples.report();
        err.printf(Locale.ROOT, "%s: %d records, %d examples (latest per id)%s%n", topic, read.records(), rep.examples(),
                read.unreadable() == 0 ? "" : ", " + read.unreadable() + " unreadable and skipped (first: " + read.firstProblem() + ")");
        if (rep.examples() == 0) {
            throw new DatasetException(topic + " (" + ScorerConfig.EXAMPLES_TOPIC + ") has no examples: the scorer writes "
                    + "one when a label on " + ScorerConfig.LABELS_TOPIC + " meets a score of the same email id; send labels "
                    + "({\"id\": \"<email id>\", \"label\": \"spam\"|\"ham\"}) for scored mail first");
        }
        if (rep.withoutFeatures() > 0) {
            err.printf(Locale.ROOT, "  %d examples without features skipped%n", rep.withoutFeatures());
        }
        if (examples.rows() == 0) {
            throw new DatasetException("none of the " + rep.examples() + " examples on " + topic + " carry features: "
                    + "the scorer did not capture them. It captures the named features of every record it scores while "
                    + ScorerConfig.EXAMPLES_TOPIC + " is set, so label mail scored after it was set");
        }
        if (!rep.droppedNames().isEmpty()) {
            err.printf(Locale.ROOT, "  %d feature names unknown to the live model dropped (%d values; e.g. %s)%n",
                    rep.droppedNames().size(), rep.droppedValues(), rep.droppedSample());
        }
        if (rep.noKnownFeature() > 0) {
            err.printf(Locale.ROOT, "  %d examples have no feature the live model knows (kept as all-zero rows)%n",
                    rep.noKnownFeature());
        }
        err.printf(Locale.ROOT, "  %d examples used: %d spam, %d ham%n", examples.rows(), examples.spamCount(), examples.hamCount());
        err.flush();
    }

    private RetrainBase base(final RetrainTopics.Live live, final PrintWriter err) {
        if (baseMail != null) {
            err.printf("reading base mail %s ...%n", baseMail);
            err.flush();
            return RetrainBase.mail(baseMail, MailTraining.directoryName(baseMail), live.model());
        }
        return baseData == null ? null : RetrainBase.csv(baseData, live.model());
    }

    private void checkOptions() {
        if (baseMail != null && baseData != null) {
            throw OptionChecks.bad(spec, "--base-mail and --base-data are mutually exclusive: one base corpus at most");
        }
        if (out == null && !publishShadow) {
            throw OptionChecks.bad(spec, "nothing to do: give --out MODEL.json, --publish-shadow or both");
        }
        OptionChecks.within(spec, "--folds", folds, 2, TrainCommand.MAX_FOLDS);
        if (maxFalsePositiveRate != null && !(maxFalsePositiveRate >= 0.0 && maxFalsePositiveRate < 1.0)) {
            throw OptionChecks.bad(spec, "--max-false-positive-rate must be >= 0 and < 1, got " + maxFalsePositiveRate);
        }
        if (version != null && version.isBlank()) {
            throw OptionChecks.bad(spec, "--model-version must not be blank");
        }
    }
}
