package io.spamscorer.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.features.EmailScoring;
import io.spamscorer.json.Json;
import io.spamscorer.mail.InvalidEmailException;
import io.spamscorer.model.Model;
import io.spamscorer.model.Score;
import io.spamscorer.model.ScoringException;
import io.spamscorer.stream.ScoredRecord;
import io.spamscorer.stream.ScoredRecordSerializer;
import io.spamscorer.train.DatasetException;
import io.spamscorer.train.MailCorpus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code score --email FILE|DIR...}: one output record per message file on stdout, the same JSON the scorer writes
 * to its output topic (through {@link EmailScoring} and {@link ScoredRecordSerializer}); a file that cannot be
 * scored is reported on stderr as {@code FILE: reason} and counted. Directories are read recursively, in path order.
 */
final class EmailScoreRun {

    private final EmailScoring scoring;
    private final int explainTop;
    private final LongSupplier clock;

    EmailScoreRun(final EmailScoring scoring, final int explainTop, final LongSupplier clock) {
        this.scoring = scoring;
        this.explainTop = explainTop;
        this.clock = clock;
    }

    /**
     * The message files {@code inputs} name: a file itself, a directory's regular files recursively.
     *
     * @throws DatasetException naming the first input that is neither (bad usage: nothing is scored)
     */
    static List<Path> files(final List<Path> inputs) {
        final List<Path> files = new ArrayList<>();
        for (final Path p : inputs) {
            if (Files.isDirectory(p)) {
                files.addAll(MailCorpus.files(p));
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new DatasetException(p + ": --email names no file or directory there");
            }
        }
        return files;
    }

    /** Scores every file; returns the number that could not be scored. */
    long score(final Model model, final List<Path> files, final OutputStream out, final PrintStream err) throws IOException {
        long failed = 0;
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (final Path file : files) {
                try {
                    final byte[] raw = MailCorpus.readMessage(file, scoring.parser().limits().maxBytes());
                    ScoredRecordSerializer.write(g, record(scoring.score(raw, model, explainTop), clock.getAsLong()));
                    g.writeRaw('\n');
                    g.flush();
                } catch (final DatasetException e) {
                    failed++;
                    err.println(e.getMessage());
                } catch (final InvalidEmailException | ScoringException e) {
                    failed++;
                    err.println(file + ": " + e.getMessage());
                }
            }
        }
        return failed;
    }

    /** The output record, field for field as {@code stream.Scorer} builds it from a feature record. */
    static ScoredRecord record(final EmailScoring.Scored scored, final long nowMillis) {
        final Score s = scored.score();
        return new ScoredRecord(scored.id(), s.spamProbability(), s.label(), s.logit(), s.model().threshold(),
                s.model().name(), s.model().version(), nowMillis, s.topFeatures());
    }
}
