package io.spamscorer.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.io.BoundedLineReader;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.ScoringException;
import io.spamscorer.stream.FeatureVector;
import io.spamscorer.stream.InvalidRecordException;
import io.spamscorer.stream.MissingFeaturePolicy;
import io.spamscorer.stream.RecordParser;
import io.spamscorer.stream.ScoredRecordSerializer;
import io.spamscorer.stream.Scorer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code score}: input records as JSON lines on stdin → output records as JSON lines on stdout, through the same
 * parser and scorer as the topology. Unscorable lines go to stderr as {@code line N: reason}.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score input records (JSON lines on stdin) and print output records (JSON lines on stdout). "
                + "Errors go to stderr with the line number; exit code 1 if any line failed.",
            "With --email, score raw messages instead (one file per message; directories are read recursively): one "
                + "output record per message, exactly as the scorer writes it with scorer.input.format=email (id: the "
                + "Message-ID, else sha256:<hex of the bytes>). A message that cannot be scored goes to stderr as "
                + "FILE: reason; exit code 1 if any failed."})
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Model file (default: config/model.json; with --email, " + EMAIL_MODEL + ").")
    private Path model;

    @Option(names = "--email", arity = "1..*", paramLabel = "FILE|DIR",
            description = "Raw RFC 5322 messages to score instead of stdin: files, or directories read recursively.")
    private List<Path> email;

    @Option(names = "--featurizer", paramLabel = "spambase", description = EmailModels.FEATURIZER_HELP)
    private String featurizer;

    @Option(names = "--explain-top", paramLabel = "K", defaultValue = "3",
            description = "Number of top contributing features to report; 0 omits topFeatures (default: ${DEFAULT-VALUE}).")
    private int explainTop;

    @Option(names = "--missing-features", paramLabel = "POLICY", defaultValue = "REJECT",
            description = "What a named record missing a model feature gets: ${COMPLETION-CANDIDATES} (default: reject).")
    private MissingFeaturePolicy missing;

    static final String EMAIL_MODEL = "config/email-model.json";

    @Override
    public Integer call() throws IOException {
        OptionChecks.within(spec, "--explain-top", explainTop, 0, ScorerConfig.MAX_EXPLAIN_TOP);
        if (email != null) {
            final Path path = model == null ? Path.of(EMAIL_MODEL) : model;
            final Model m = EmailModels.load(spec, path, featurizer);
            final List<Path> files = EmailScoreRun.files(email);
            final long failed = new EmailScoreRun(new EmailParser(EmailLimits.defaults()), explainTop,
                    System::currentTimeMillis).score(m, files, System.out, System.err);
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
        if (featurizer != null) {
            throw OptionChecks.bad(spec, "--featurizer applies to --email only");
        }
        final Model m = ModelLoader.load(model == null ? Path.of("config/model.json") : model);
        final long failed = score(m, System.in, System.out, System.err);
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Scores every non-blank line; returns the number of lines that could not be scored. */
    long score(final Model m, final InputStream in, final OutputStream out, final PrintStream err) throws IOException {
        final RecordParser parser = new RecordParser(missing);
        final Scorer scorer = new Scorer(explainTop);
        long failed = 0;
        // The same size limit as the topology's, applied while reading so a huge line never sits in memory.
        final BoundedLineReader lines = new BoundedLineReader(in, Json.MAX_DOCUMENT_BYTES);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            // Lines are read as bytes, not decoded, so the parser sees exactly what the topology would.
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            BoundedLineReader.Line line;
            while ((line = lines.next()) != null) {
                if (line.tooLong()) {
                    failed++;
                    err.println("line " + line.number() + ": value is over " + Json.MAX_DOCUMENT_BYTES + " bytes");
                    continue;
                }
                if (isBlank(line.bytes())) {
                    continue;
                }
                try {
                    final FeatureVector v = parser.parse(line.bytes(), m);
                    ScoredRecordSerializer.write(g, scorer.score(v, System.currentTimeMillis()));
                    g.writeRaw('\n');
                    g.flush();
                } catch (final InvalidRecordException | ScoringException e) {
                    failed++;
                    err.println("line " + line.number() + ": " + e.getMessage());
                }
            }
        }
        return failed;
    }

    private static boolean isBlank(final byte[] line) {
        for (final byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
