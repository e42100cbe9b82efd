package io.spamscorer.jmh;

import io.spamscorer.features.Featurizer;
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
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@link EmailCorpusBenchmark}'s corpus (data/mail/train and data/mail/demo, 3,125 messages) timed by the measuring
 * thread's CPU time, as {@link CpuTimeHarness} times the record path: one round is one pass over every message, and
 * the figure is CPU time per message. Ops: {@code parse} ({@link EmailParser#parse} alone), {@code featurize} (the
 * shipped words model's featurizer on the parsed views), {@code email} (parse, featurize, score, serialize: what the
 * stream thread does per message). Prints min, first quartile and median over the measured rounds (after half as many
 * warm-up rounds) and bytes allocated per message. Usage, from the project root:
 * {@code java -cp target/spam-scorer.jar io.spamscorer.jmh.EmailCpuTimeHarness parse,email 30}.
 */
public final class EmailCpuTimeHarness {

    /** Keeps results reachable so that the JIT cannot drop the work. */
    static Object sink;

    private EmailCpuTimeHarness() {
    }

    public static void main(final String[] args) {
        final String[] ops = args[0].split(",");
        final int rounds = Integer.parseInt(args[1]);
        final EmailParser parser = EmailFixtures.parser();
        final Model model = EmailFixtures.model();
        final Featurizer featurizer = EmailFixtures.featurizer(model);
        final Scorer scorer = new Scorer(3);
        final ScoredRecordSerializer serializer = new ScoredRecordSerializer();
        final List<byte[]> messages = corpus();
        final List<Email> parsed = messages.stream().map(parser::parse).toList();
        final byte[][] keys = new byte[messages.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("mail-" + (i + 1)).getBytes(StandardCharsets.UTF_8);
        }
        final int n = messages.size();
        final Map<String, CpuTimer.Figures> figures = CpuTimer.measure(ops, rounds, n, (op, count) -> {
            for (int i = 0; i < count; i++) {
                switch (op) {
                    case "parse" -> sink = parser.parse(messages.get(i));
                    case "featurize" -> sink = featurizer.featurize(parsed.get(i));
                    case "email" -> {
                        final byte[] raw = messages.get(i);
                        final Email e = parser.parse(raw);
                        final ScoredRecord scored = scorer.score(EmailRecords.id(keys[i], e, raw), model,
                                featurizer.featurize(e), 0L);
                        sink = serializer.serialize("emails.scored", scored);
                    }
                    default -> throw new IllegalArgumentException(op);
                }
            }
        });
        for (final String op : ops) {
            final CpuTimer.Figures f = figures.get(op);
            System.out.printf(Locale.ROOT, "%-10s min %7.2f  q1 %7.2f  med %7.2f us/msg  %9.0f B/msg  (%d msgs)%n", op,
                    f.min() / 1000.0, f.q1() / 1000.0, f.median() / 1000.0, f.bytesPerOp(), n);
        }
    }

    private static List<byte[]> corpus() {
        final Path root = Path.of(System.getProperty("spamscorer.mail", "data/mail"));
        final List<byte[]> messages = new ArrayList<>();
        for (final String dir : List.of("train", "demo")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (final Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    messages.add(Files.readAllBytes(f));
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + root.resolve(dir) + " (run from the project root)", e);
            }
        }
        return messages;
    }
}
