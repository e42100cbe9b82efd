package io.spamscorer.cli;

import io.spamscorer.mail.EmailLimits;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.train.MailCorpus;
import io.spamscorer.train.MailTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code train --mail DIR}: reads and parses the corpus with the scorer's own {@code EmailParser} and default limits,
 * trains through {@link MailTrainer} and writes the model file, featurizer included. Metrics go to stdout as for
 * {@code train --data}, progress to stderr.
 */
final class MailTraining {

    private MailTraining() {
    }

    static void train(final CommandSpec spec, final MailTrainer.Request request, final Path dir, final Path out,
                      final PrintWriter err) throws IOException {
        if (out.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
            throw OptionChecks.bad(spec, "--out " + out + " is inside --mail " + dir
                    + "; the model would be read as a message next time");
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        err.printf("reading %s ...%n", dir);
        err.flush();
        final MailCorpus corpus = MailCorpus.read(dir, EmailLimits.defaults());
        err.printf(Locale.ROOT, "%s: %d messages (%d spam, %d ham); featurizer %s; %d-fold stratified cross-validation, seed %d%n",
                dir, corpus.size(), corpus.spamCount(), corpus.hamCount(), request.featurizer(), request.folds(), request.seed());
        err.flush();
        final MailTrainer.Result r = MailTrainer.train(corpus, directoryName(dir), request, (fold, k, heldOut) -> {
            err.printf(Locale.ROOT, "  fold %d/%d done (%d messages held out)%n", fold, k, heldOut);
            err.flush();
        });
        stdout.printf(Locale.ROOT, "cross-validation (%d-fold stratified, seed %d, out-of-fold scores pooled), "
                + "threshold for max false-positive rate %s:%n", request.folds(), request.seed(), request.maxFalsePositiveRate());
        stdout.print(r.cv().format());
        stdout.flush();
        final byte[] json = r.json();
        // The file must load as the scorer will load it: the size limit and every field check.
        ModelLoader.parse(json);
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, json);
        stdout.printf(Locale.ROOT, "wrote %s (%s version %s, featurizer %s, %d features, threshold %s)%n", out,
                r.scoring().name(), r.scoring().version(), r.featurizer().type(), r.scoring().featureCount(),
                r.scoring().threshold());
        stdout.flush();
    }

    /**
     * How the model names its training directory: the path as given when it is relative and stays inside the
     * working directory (e.g. {@code data/mail/train}), else only its last name, so the file holds no machine's
     * absolute path and the same corpus gives the same bytes anywhere.
     */
    static String directoryName(final Path dir) {
        final Path n = dir.normalize();
        if (!n.isAbsolute() && !n.toString().isEmpty() && !n.startsWith("..")) {
            return n.toString().replace('\\', '/');
        }
        final Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? "/" : name.toString();
    }
}
