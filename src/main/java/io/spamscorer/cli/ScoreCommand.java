package io.spamscorer.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.ScoringException;
import io.spamscorer.stream.FeatureVector;
import io.spamscorer.stream.InvalidRecordException;
import io.spamscorer.stream.MissingFeaturePolicy;
import io.spamscorer.stream.RecordParser;
import io.spamscorer.stream.ScoredRecordSerializer;
import io.spamscorer.stream.Scorer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
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
        description = "Score input records (JSON lines on stdin) and print output records (JSON lines on stdout). "
                + "Errors go to stderr with the line number; exit code 1 if any line failed.")
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "config/model.json",
            description = "Model file (default: ${DEFAULT-VALUE}).")
    private Path model;

    @Option(names = "--explain-top", paramLabel = "K", defaultValue = "3",
            description = "Number of top contributing features to report; 0 omits topFeatures (default: ${DEFAULT-VALUE}).")
    private int explainTop;

    @Option(names = "--missing-features", paramLabel = "POLICY", defaultValue = "REJECT",
            description = "What a named record missing a model feature gets: ${COMPLETION-CANDIDATES} (default: reject).")
    private MissingFeaturePolicy missing;

    @Override
    public Integer call() throws IOException {
        OptionChecks.atLeast(spec, "--explain-top", explainTop, 0);
        final Model m = ModelLoader.load(model);
        final long failed = score(m, System.in, System.out, System.err);
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Scores every non-blank line; returns the number of lines that could not be scored. */
    long score(final Model m, final InputStream in, final OutputStream out, final PrintStream err) throws IOException {
        final RecordParser parser = new RecordParser(missing);
        final Scorer scorer = new Scorer(explainTop);
        long failed = 0;
        long lineNo = 0;
        final LineReader lines = new LineReader(in);
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            // Lines are read as bytes, not decoded, so the parser sees exactly what the topology would.
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            byte[] line;
            while ((line = lines.next()) != null) {
                lineNo++;
                if (isBlank(line)) {
                    continue;
                }
                try {
                    final FeatureVector v = parser.parse(line, m);
                    ScoredRecordSerializer.write(g, scorer.score(v, System.currentTimeMillis()));
                    g.writeRaw('\n');
                    g.flush();
                } catch (final InvalidRecordException | ScoringException e) {
                    failed++;
                    err.println("line " + lineNo + ": " + e.getMessage());
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

    /** Splits a byte stream on '\n', dropping a trailing '\r'. */
    private static final class LineReader {
        private final BufferedInputStream in;

        LineReader(final InputStream in) {
            this.in = new BufferedInputStream(in);
        }

        byte[] next() throws IOException {
            final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            final byte[] bytes = line.toByteArray();
            return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? java.util.Arrays.copyOf(bytes, bytes.length - 1) : bytes;
        }
    }
}
