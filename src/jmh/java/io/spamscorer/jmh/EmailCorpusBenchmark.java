package io.spamscorer.jmh;

import io.spamscorer.features.Featurizer;
import io.spamscorer.features.SparseVector;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.Model;
import io.spamscorer.stream.EmailRecords;
import io.spamscorer.stream.ScoredRecord;
import io.spamscorer.stream.ScoredRecordSerializer;
import io.spamscorer.stream.Scorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw email path over the whole corpus that {@code bench} (e) sends ({@code data/mail/train} and
 * {@code data/mail/demo}, 3,125 messages, 4.9 KB on average), one message per operation in the same order: the
 * average cost per message, i.e. the most one stream thread could score per second with Kafka free.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class EmailCorpusBenchmark {

    private EmailParser parser;
    private Model model;
    private Featurizer featurizer;
    private final Scorer scorer = new Scorer(3);
    private final ScoredRecordSerializer serializer = new ScoredRecordSerializer();
    private final List<byte[]> messages = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() {
        parser = EmailFixtures.parser();
        model = EmailFixtures.model();
        featurizer = EmailFixtures.featurizer(model);
        final Path root = Path.of(System.getProperty("spamscorer.mail", "data/mail"));
        for (final String dir : List.of("train", "demo")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (final Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    messages.add(Files.readAllBytes(f));
                    keys.add(("mail-" + (keys.size() + 1)).getBytes(StandardCharsets.UTF_8));
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + root.resolve(dir) + " (run JMH from the project root)", e);
            }
        }
    }

    @Benchmark
    public byte[] parseFeaturizeScore() {
        final int i = next;
        next = i + 1 == messages.size() ? 0 : i + 1;
        final byte[] raw = messages.get(i);
        final Email e = parser.parse(raw);
        final SparseVector x = featurizer.featurize(e);
        final ScoredRecord r = scorer.score(EmailRecords.id(keys.get(i), e, raw), model, x, 0L);
        return serializer.serialize("emails.scored", r);
    }
}
