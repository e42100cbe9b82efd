package io.spamscorer.cli;

import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.train.Dataset;
import io.spamscorer.train.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: scores a labelled CSV with a model JSON file (through {@code Model.score}) and prints the
 * metrics at the model's threshold; optionally writes a self-contained HTML report with inline SVG charts.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Scores a labelled CSV with a model file and prints accuracy, precision, recall, F1, ROC AUC, "
                    + "false-positive rate and the confusion matrix at the model's threshold.",
            "--report writes one self-contained HTML file (inline SVG, no scripts or network).",
            "--mail DIR scores raw mail instead (DIR/ham and DIR/spam, one message per file) through the model's "
                    + "featurizer, exactly as the scorer does with scorer.input.format=email.",
        })
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "Model file to evaluate.")
    private Path model;

    @Option(names = "--data", paramLabel = "CSV",
            description = "Labelled data; columns are matched to the model's features by name.")
    private Path data;

    @Option(names = "--mail", paramLabel = "DIR",
            description = "Labelled raw mail instead of --data: DIR/ham and DIR/spam, one RFC 5322 message per file, "
                    + "subfolders included.")
    private Path mail;

    @Option(names = "--featurizer", paramLabel = "spambase", description = EmailModels.FEATURIZER_HELP)
    private String featurizer;

    @Option(names = "--label", defaultValue = "spam", paramLabel = "COLUMN",
            description = "Label column, 1 = spam, 0 = ham (default: ${DEFAULT-VALUE}).")
    private String label;

    @Option(names = "--report", paramLabel = "report.html", description = "Also write an HTML report here.")
    private Path report;

    /** Creates the command; picocli injects the options. */
    public EvaluateCommand() {
        // Options are injected by picocli.
    }

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            evaluate();
            return 0;
        } catch (final IOException e) {
            err.println("error: cannot write " + report + ": " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private void evaluate() throws IOException {
        if (data != null && mail != null) {
            throw OptionChecks.bad(spec, "--data and --mail are mutually exclusive: evaluate on a CSV or on a mail directory, not both");
        }
        if (data == null && mail == null) {
            throw OptionChecks.bad(spec, "missing --data CSV or --mail DIR: what to evaluate on");
        }
        if (data != null && featurizer != null) {
            throw OptionChecks.bad(spec, "--featurizer applies to --mail only; a --data CSV already holds the features");
        }
        if (mail != null && spec.commandLine().getParseResult().hasMatchedOption("--label")) {
            throw OptionChecks.bad(spec, "--label applies to --data only; --mail takes labels from the ham/ and spam/ folders");
        }
        if (report != null) {
            OptionChecks.notSameFile(spec, "--report", report, "--model", model);
            if (data != null) {
                OptionChecks.notSameFile(spec, "--report", report, "--data", data);
            } else if (report.toAbsolutePath().normalize().startsWith(mail.toAbsolutePath().normalize())) {
                throw OptionChecks.bad(spec, "--report " + report + " is inside --mail " + mail
                        + "; it would be read as a message next time");
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        final String text;
        if (mail != null) {
            final Model m = EmailModels.load(spec, model, featurizer);
            final Evaluation evaluation = Evaluation.run(m, mail);
            out.println(m.name() + " version " + m.version() + " (featurizer " + m.featurizer().type() + ") on " + mail + ":");
            out.print(evaluation.metrics().format());
            text = report == null ? null : evaluation.report();
        } else {
            final Model m = ModelLoader.load(model);
            final Evaluation evaluation = Evaluation.run(m, Dataset.read(data, label));
            out.println(m.name() + " version " + m.version() + " on " + data + ":");
            out.print(evaluation.metrics().format());
            text = report == null ? null : evaluation.report();
        }
        if (report != null) {
            final Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, text, StandardCharsets.UTF_8);
            out.println("wrote " + report);
        }
        out.flush();
    }
}
