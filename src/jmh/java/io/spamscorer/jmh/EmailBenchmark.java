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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw email path of {@code scorer.input.format=email} for one message, as {@code EmailScoringProcessor} runs it:
 * {@link EmailParser#parse} → the model's {@link Featurizer#featurize} → {@link Scorer#score} (explain top 3, id from
 * the key) → {@link ScoredRecordSerializer}, and each stage alone. Messages: see {@link EmailFixtures}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmailBenchmark {

    private static final byte[] KEY = "mail-123456".getBytes(StandardCharsets.UTF_8);

    @Param({"7KB-text", "7KB-html", "1MB-text", "1MB-html"})
    public String size;

    private EmailParser parser;
    private Model model;
    private Featurizer featurizer;
    private final Scorer scorer = new Scorer(3);
    private final ScoredRecordSerializer serializer = new ScoredRecordSerializer();
    private byte[] raw;
    private Email email;
    private SparseVector vector;
    private ScoredRecord scored;
    private long now;

    @Setup
    public void setUp() {
        parser = EmailFixtures.parser();
        model = EmailFixtures.model();
        featurizer = EmailFixtures.featurizer(model);
        raw = EmailFixtures.message(size);
        now = System.currentTimeMillis();
        email = parser.parse(raw);
        vector = featurizer.featurize(email);
        scored = scorer.score("mail-123456", model, vector, now);
    }

    /** Bytes in, output record bytes out: what the stream thread does per message besides Kafka. */
    @Benchmark
    public byte[] parseFeaturizeScore() {
        final Email e = parser.parse(raw);
        final SparseVector x = featurizer.featurize(e);
        final ScoredRecord r = scorer.score(EmailRecords.id(KEY, e, raw), model, x, now);
        return serializer.serialize("emails.scored", r);
    }

    @Benchmark
    public Email parse() {
        return parser.parse(raw);
    }

    @Benchmark
    public SparseVector featurize() {
        return featurizer.featurize(email);
    }

    /** Sparse dot product, sigmoid and top-3 contributions. */
    @Benchmark
    public ScoredRecord score() {
        return scorer.score("mail-123456", model, vector, now);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize("emails.scored", scored);
    }
}
