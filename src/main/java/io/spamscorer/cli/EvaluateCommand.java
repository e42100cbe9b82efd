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
        })
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "Model file to evaluate.")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "CSV",
            description = "Labelled data; columns are matched to the model's features by name.")
    private Path data;

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
        if (report != null) {
            OptionChecks.notSameFile(spec, "--report", report, "--data", data);
            OptionChecks.notSameFile(spec, "--report", report, "--model", model);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Model m = ModelLoader.load(model);
        final Evaluation evaluation = Evaluation.run(m, Dataset.read(data, label));
        out.println(m.name() + " version " + m.version() + " on " + data + ":");
        out.print(evaluation.metrics().format());
        if (report != null) {
            final Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, evaluation.report(), StandardCharsets.UTF_8);
            out.println("wrote " + report);
        }
        out.flush();
    }
}
