package io.spamscorer.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.mail.InvalidEmailException;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ScoringException;
import io.spamscorer.stream.EmailScoring;
import io.spamscorer.stream.ScoredRecord;
import io.spamscorer.stream.ScoredRecordSerializer;
import io.spamscorer.stream.Scorer;
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
 * to its output topic for the same bytes sent with a null key: the topology's own {@link EmailScoring} and
 * {@link ScoredRecordSerializer}. A
 * file that cannot be scored is reported on stderr as {@code FILE: reason} and counted. Directories are read
 * recursively, in path order.
 */
final class EmailScoreRun {

    private final EmailScoring scoring;
    private final LongSupplier clock;

    EmailScoreRun(final EmailParser parser, final int explainTop, final LongSupplier clock) {
        this.scoring = new EmailScoring(parser, new Scorer(explainTop));
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
        ModelCompatibility.checkEmail(model);
        long failed = 0;
        try (JsonGenerator g = Json.factory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (final Path file : files) {
                try {
                    ScoredRecordSerializer.write(g, score(MailCorpus.readMessage(file, scoring.parser().limits().maxBytes()), model));
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
        if (failed > 0) {
            err.println(failed + " of " + files.size() + " messages could not be scored");
        }
        return failed;
    }

    /** One message's output record, as the topology makes it for a record with these bytes and a null key. */
    ScoredRecord score(final byte[] raw, final Model model) {
        return scoring.score(null, raw, model, clock.getAsLong()).scored();
    }
}
