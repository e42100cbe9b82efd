package io.spamscorer.cli;

import io.spamscorer.features.SpambaseFeaturizer;
import io.spamscorer.features.WordFeaturizer;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Transform;
import io.spamscorer.train.CrossValidation;
import io.spamscorer.train.Dataset;
import io.spamscorer.train.HyperParameters;
import io.spamscorer.train.MailTrainer;
import io.spamscorer.train.Metrics;
import io.spamscorer.train.ThresholdPicker;
import io.spamscorer.train.Trainer;
import io.spamscorer.train.TrainingSummary;
import io.spamscorer.train.WordSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code train}: reads a labelled CSV, cross-validates, then trains the single-neuron model on all rows and writes
 * the model JSON file (with metrics and provenance under {@code training}). Metrics go to stdout, progress to
 * stderr; bad data is a one-line error and exit code 2.
 */
@Command(
        name = "train",
        // Not mixinStandardHelpOptions: its -V/--version would clash with the issue's --version (the model's version).
        description = {
            "Trains the logistic neuron on a labelled CSV (--data) or on raw mail (--mail DIR with ham/ and spam/) and "
                    + "writes the model JSON file.",
            "Stratified k-fold cross-validation metrics are printed and stored in the model under \"training\"; "
                    + "the final model is then trained on all rows.",
            "The same data, options and seed give a byte-identical model file.",
        })
public final class TrainCommand implements Callable<Integer> {

    /** 100 times the default; the loss has long stopped moving by then, and a typo such as 2000000000 would never end. */
    static final int MAX_EPOCHS = 30_000;
    static final int MAX_FOLDS = 100;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--data", paramLabel = "CSV",
            description = "Training data: comma-separated, header row, numeric features and a 0/1 label column.")
    private Path data;

    @Option(names = "--mail", paramLabel = "DIR",
            description = "Training mail instead of --data: DIR/ham and DIR/spam hold one raw RFC 5322 message per file "
                    + "(SpamAssassin corpus layout), subfolders included. The model carries its featurizer.")
    private Path mail;

    @Option(names = "--featurizer", paramLabel = "words|spambase",
            description = "With --mail: words (default; a vocabulary of subject, sender, header and body tokens chosen "
                    + "by document frequency) or spambase (the 57 UCI Spambase features, trained with --transform, "
                    + "--epochs, --learning-rate, --l2).")
    private String featurizer;

    @Option(names = "--out", required = true, paramLabel = "MODEL.json", description = "Model file to write.")
    private Path out;

    @Option(names = "--label", defaultValue = "spam", paramLabel = "COLUMN",
            description = "Label column, 1 = spam, 0 = ham (default: ${DEFAULT-VALUE}).")
    private String label;

    @Option(names = "--transform", defaultValue = "log1p", paramLabel = "log1p|none",
            description = "Transform applied before z-scoring (default: ${DEFAULT-VALUE}).")
    private String transform;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + HyperParameters.DEFAULT_SEED,
            description = "Seeds the initial weights and the fold shuffle (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + HyperParameters.DEFAULT_EPOCHS,
            description = "Full-batch gradient steps (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "" + HyperParameters.DEFAULT_LEARNING_RATE,
            description = "Gradient-descent step size (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--l2", paramLabel = "L2", defaultValue = "" + HyperParameters.DEFAULT_L2,
            description = "L2 penalty (l2/2)|w|^2, bias excluded (default: ${DEFAULT-VALUE}).")
    private double l2;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "10",
            description = "Stratified cross-validation folds, >= 2 (default: ${DEFAULT-VALUE}).")
    private int folds;

    @Option(names = "--max-false-positive-rate", paramLabel = "R",
            description = "Set the threshold to the lowest one whose cross-validated ham-as-spam rate is <= R."
                    + " Default: threshold 0.5 with --data; R = " + MailTrainer.DEFAULT_MAX_FALSE_POSITIVE_RATE
                    + " with --mail.")
    private Double maxFalsePositiveRate;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Model name (default: spambase-logreg with --data, spamassassin-<featurizer> with --mail).")
    private String name;

    @Option(names = "--version", paramLabel = "VERSION", defaultValue = "1",
            description = "Model version written to the file (default: ${DEFAULT-VALUE}).")
    private String version;

    @Option(names = "--attribution", paramLabel = "TEXT",
            description = "Credit for the data stored in the model; the default credits UCI Spambase (CC BY 4.0) with"
                    + " --data and the SpamAssassin public corpus (PDDL 1.0) with --mail. Pass an empty string to omit.")
    private String attribution;

    /** Creates the command; picocli injects the options. */
    public TrainCommand() {
        // Options are injected by picocli.
    }

    @Override
    public Integer call() {
        final HyperParameters hp = hyperParameters();
        final PrintWriter err = spec.commandLine().getErr();
        try {
            final long start = System.nanoTime();
            if (mail != null) {
                MailTraining.train(spec, mailRequest(hp), mail, this.out, err);
            } else {
                train(hp, err);
            }
            err.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - start) / 1e9);
            err.flush();
            return 0;
        } catch (final IOException e) {
            err.println("error: cannot write " + out + ": " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private void train(final HyperParameters hp, final PrintWriter err) throws IOException {
        final PrintWriter stdout = spec.commandLine().getOut();
        final Dataset set = Dataset.read(data, label).requireBothClasses().requireDomain(hp.transform());
        err.printf(Locale.ROOT, "%s: %d rows (%d spam, %d ham), %d features; %d-fold stratified cross-validation, seed %d%n",
                data, set.rows(), set.spamCount(), set.hamCount(), set.features().size(), folds, seed);
        err.flush();
        final CrossValidation.Result cv = CrossValidation.run(set, folds, hp, (fold, k, heldOut) -> {
            err.printf(Locale.ROOT, "  fold %d/%d done (%d rows held out)%n", fold, k, heldOut);
            err.flush();
        });
        final double threshold = maxFalsePositiveRate == null ? 0.5
                : ThresholdPicker.lowestThreshold(cv.scores(), cv.labels(), maxFalsePositiveRate);
        final Metrics metrics = cv.metrics(threshold);
        stdout.printf(Locale.ROOT, "cross-validation (%d-fold stratified, seed %d, out-of-fold scores pooled)%s:%n", folds, seed,
                maxFalsePositiveRate == null ? "" : ", threshold for max false-positive rate " + maxFalsePositiveRate);
        stdout.print(metrics.format());
        stdout.flush();
        err.println("training the final model on all " + set.rows() + " rows");
        final Model model = Trainer.train(set, IntStream.range(0, set.rows()).toArray(), hp,
                (epoch, loss) -> {
                    err.printf(Locale.ROOT, "  epoch %5d  loss %.6f%n", epoch, loss);
                    err.flush();
                },
                Model.builder().name(name == null ? "spambase-logreg" : name).version(version).threshold(threshold)
                        .training(TrainingSummary.build(set, hp, folds, metrics, cv.scores(), maxFalsePositiveRate,
                                attribution == null ? TrainingSummary.SPAMBASE_ATTRIBUTION : attribution)));
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, ModelLoader.toJson(model));
        stdout.printf(Locale.ROOT, "wrote %s (%s version %s, threshold %s)%n", out, model.name(), model.version(), threshold);
        stdout.flush();
    }

    /** Exactly one of --data and --mail, and only the options that apply to it. */
    private void sourceChecks() {
        if (data != null && mail != null) {
            throw OptionChecks.bad(spec, "--data and --mail are mutually exclusive: train on a CSV or on a mail directory, not both");
        }
        if (data == null && mail == null) {
            throw OptionChecks.bad(spec, "missing --data CSV or --mail DIR: what to train on");
        }
        if (data != null) {
            OptionChecks.notSameFile(spec, "--out", out, "--data", data);
            if (featurizer != null) {
                throw OptionChecks.bad(spec, "--featurizer applies to --mail only; a --data CSV already holds the features");
            }
            return;
        }
        if (matched("--label")) {
            throw OptionChecks.bad(spec, "--label applies to --data only; --mail takes labels from the ham/ and spam/ folders");
        }
        if (!SpambaseFeaturizer.TYPE.equals(featurizerType())) {
            for (final String option : new String[] {"--transform", "--epochs", "--learning-rate", "--l2"}) {
                if (matched(option)) {
                    throw OptionChecks.bad(spec, option + " applies to --data and --featurizer spambase only");
                }
            }
        }
    }

    private boolean matched(final String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private String featurizerType() {
        final String f = featurizer == null ? WordFeaturizer.TYPE : featurizer.toLowerCase(Locale.ROOT);
        if (!f.equals(WordFeaturizer.TYPE) && !f.equals(SpambaseFeaturizer.TYPE)) {
            throw OptionChecks.bad(spec, "--featurizer must be words or spambase, got '" + featurizer + "'");
        }
        return f;
    }

    private MailTrainer.Request mailRequest(final HyperParameters hp) {
        final String f = featurizerType();
        return new MailTrainer.Request(f, name == null ? "spamassassin-" + f : name, version, seed, folds,
                maxFalsePositiveRate == null ? MailTrainer.DEFAULT_MAX_FALSE_POSITIVE_RATE : maxFalsePositiveRate,
                WordSettings.defaults(), hp, attribution == null ? MailTrainer.ATTRIBUTION : attribution);
    }

    /** Option checks that picocli's types cannot express; failures are usage errors (exit code 2). */
    private HyperParameters hyperParameters() {
        final Transform t = Transform.fromWireName(transform.toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new ParameterException(spec.commandLine(), "--transform must be log1p or none, got '" + transform + "'");
        }
        OptionChecks.within(spec, "--folds", folds, 2, MAX_FOLDS);
        OptionChecks.within(spec, "--epochs", epochs, 1, MAX_EPOCHS);
        OptionChecks.finiteAbove(spec, "--learning-rate", learningRate, 0);
        OptionChecks.finiteAtLeast(spec, "--l2", l2, 0);
        sourceChecks();
        if (maxFalsePositiveRate != null && !(maxFalsePositiveRate >= 0.0 && maxFalsePositiveRate < 1.0)) {
            throw new ParameterException(spec.commandLine(), "--max-false-positive-rate must be >= 0 and < 1, got " + maxFalsePositiveRate);
        }
        if (name != null && name.isBlank() || version.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--name and --version must not be blank");
        }
        try {
            return new HyperParameters(t, epochs, learningRate, l2, seed);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
