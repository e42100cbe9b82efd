package io.spamscorer.cli;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.demo.DemoRecord;
import io.spamscorer.demo.DemoRecords;
import io.spamscorer.demo.DemoResults;
import io.spamscorer.demo.DemoRun;
import io.spamscorer.demo.EmailDemoRecords;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.train.Dataset;
import io.spamscorer.train.Metrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the one-command first run. Starts a real single-node Kafka broker, creates the topics, runs the
 * scoring job exactly as {@code run} does, streams labelled Spambase emails plus a few malformed records through
 * it, and prints what came back: counts, throughput, samples, and accuracy against the labels. With {@code --email}
 * the job reads raw messages ({@code scorer.input.format=email}) and the demo streams the held-out SpamAssassin
 * messages of {@code data/mail/demo}, keyed by file name.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker, run the scorer, stream labelled Spambase emails "
                + "(plus a few malformed records) through it and print a summary.",
            "--email: raw mail instead: the scorer runs with scorer.input.format=email and config/email-model.json, "
                + "and the demo streams the 319 SpamAssassin messages of data/mail/demo, which that model's training "
                + "never saw (plus malformed records)."})
public final class DemoCommand implements Callable<Integer> {

    static final int DEFAULT_RECORDS = 4601;
    /** The email demo's scorer.email.max.bytes: above every demo message (the largest is 60 KB), under the broker's 1 MiB. */
    static final long DEMO_EMAIL_MAX_BYTES = 256 * 1024;

    @Spec
    private CommandSpec spec;

    @Option(names = "--records", paramLabel = "N",
            description = "Spambase rows to send, in random order (default: 4601, the whole data set); with --email, "
                    + "messages to send, at most those in --mail (default: all).")
    private Integer records;

    @Option(names = "--email", description = "Stream raw messages to a scorer with scorer.input.format=email.")
    private boolean email;

    @Option(names = "--mail", paramLabel = "DIR", defaultValue = "data/mail/demo",
            description = "With --email or --feedback: labelled messages, DIR/ham and DIR/spam (default: ${DEFAULT-VALUE}).")
    private Path mailPath;

    @Option(names = "--feedback", description = "The feedback loop on raw mail: labels for a share of the scored mail, "
            + "live quality per model, a retrained shadow, both models side by side, and a promotion (or its refusal).")
    private boolean feedback;

    @Mixin
    private FeedbackDemoRun.Options feedbackOptions;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "Records per second to send; 0 sends as fast as possible (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--keep-running", description = "Keep the broker and scorer running after the summary, until Ctrl-C.")
    private boolean keepRunning;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Model file (default: config/model.json; with --email, " + ScorerConfig.EMAIL_MODEL_PATH + ").")
    private Path modelPath;

    @Option(names = "--data", paramLabel = "CSV", defaultValue = "data/spambase.csv", description = "Labelled data (default: ${DEFAULT-VALUE}).")
    private Path dataPath;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "4", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--seed", defaultValue = "42", description = "Shuffle seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        if (feedback) {
            return new FeedbackDemoRun(spec, mailPath, modelPath, records, partitions, seed, feedbackOptions).call();
        }
        final PrintStream out = System.out;
        if (modelPath == null) {
            modelPath = Path.of(email ? ScorerConfig.EMAIL_MODEL_PATH : "config/model.json");
        }
        final Model model = ModelLoader.load(modelPath);
        final List<DemoRecord> input;
        if (email) {
            ModelCompatibility.checkEmail(model);
            input = EmailDemoRecords.build(mailPath, records, seed, DEMO_EMAIL_MAX_BYTES);
            final long messages = input.stream().filter(d -> !d.malformed()).count();
            out.printf("spam-scorer demo --email: %,d raw SpamAssassin messages from %s + %,d malformed records, model %s%n",
                    messages, mailPath, input.size() - messages, model);
        } else {
            final int rows = records == null ? DEFAULT_RECORDS : records;
            input = DemoRecords.build(Dataset.read(dataPath, "spam"), rows, seed);
            out.printf("spam-scorer demo: %,d Spambase emails + %,d malformed records, model %s%n",
                    rows, input.size() - rows, model);
        }
        out.println("starting an embedded Kafka broker ...");
        final Path stateDir = Files.createTempDirectory("spam-scorer-demo-state");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            final ScorerConfig config = config(kafka.bootstrapServers(), stateDir);
            out.printf("broker ready at %s%n", kafka.bootstrapServers());
            try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
                final ScorerRuntime runtime = service.runtime();
                awaitRunning(runtime);
                out.println("scorer running (exactly_once_v2); streaming records ...");
                final DemoRun.Outcome outcome = new DemoRun(kafka.clientProperties(), config.inputTopic(),
                        config.outputTopic(), config.dlqTopic(), System.err).run(input, rate, Duration.ofMinutes(5));
                printSummary(out, input, outcome, model, email ? new Caption("the corpus labels",
                        "  (held out: these messages were never part of the model's training; " + modelPath + " was "
                                + "trained on data/mail/train only, data/README.md says how the corpus was split)")
                        : new Caption("the Spambase labels", "  (the model was trained on this data: these are "
                                + "training-set figures; see `evaluate` and the cross-validated figures in config/model.json)"));
                if (keepRunning) {
                    keepRunning(out, kafka, config);
                }
                return outcome.complete() && outcome.results().duplicates() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
            }
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private void validate() {
        // The records are built in memory before they are sent, so their number is bounded like the partitions.
        if (records != null) {
            OptionChecks.within(spec, "--records", records, 1, 1_000_000);
        }
        OptionChecks.finiteAtLeast(spec, "--rate", rate, 0);
        final var parsed = spec.commandLine().getParseResult();
        if (feedback && (email || parsed.hasMatchedOption("--data") || parsed.hasMatchedOption("--rate") || keepRunning)) {
            throw OptionChecks.bad(spec, "--feedback runs its own raw-mail loop; --email, --data, --rate and --keep-running do not apply");
        }
        feedbackOptions.validate(spec, feedback);
        if (email && parsed.hasMatchedOption("--data")) {
            throw OptionChecks.bad(spec, "--data applies to the Spambase demo; with --email use --mail DIR");
        }
        if (!email && !feedback && parsed.hasMatchedOption("--mail")) {
            throw OptionChecks.bad(spec, "--mail applies to --email only");
        }
        OptionChecks.within(spec, "--partitions", partitions, 1, 64);
    }

    private ScorerConfig config(final String bootstrap, final Path stateDir) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", bootstrap);
        values.put("application.id", "spam-scorer-demo");
        values.put("state.dir", stateDir.toString());
        values.put(ScorerConfig.MODEL_PATH, modelPath.toString());
        values.put(ScorerConfig.TOPICS_CREATE, "true");
        values.put(ScorerConfig.TOPICS_PARTITIONS, Integer.toString(partitions));
        if (email) {
            values.put(ScorerConfig.INPUT_FORMAT, "email");
            values.put(ScorerConfig.EMAIL_MAX_BYTES, Long.toString(DEMO_EMAIL_MAX_BYTES));
        }
        return ScorerConfig.of(values);
    }

    private static void awaitRunning(final ScorerRuntime runtime) throws InterruptedException {
        if (!runtime.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the scorer did not start within 60 s: " + runtime.failureReason());
        }
    }

    /** What the quality figures are measured against, and what they mean. */
    private record Caption(String labels, String note) {
    }

    private static void printSummary(final PrintStream out, final List<DemoRecord> input, final DemoRun.Outcome o,
                                     final Model model, final Caption caption) {
        final DemoResults r = o.results();
        out.println();
        out.println("== summary ==");
        out.printf(Locale.ROOT, "  records sent         %,d%n", o.sent());
        out.printf(Locale.ROOT, "  scored               %,d%n", r.scoredCount());
        out.printf(Locale.ROOT, "  dead-lettered        %,d%n", r.deadLetterCount());
        out.printf(Locale.ROOT, "  duplicates           %,d%n", r.duplicates());
        out.printf(Locale.ROOT, "  throughput           %,.0f records/s (first send to last result, read_committed)%n",
                o.recordsPerSecond());
        if (!o.complete()) {
            out.printf("  INCOMPLETE: %,d records never came back within the timeout%n",
                    o.sent() - r.scoredCount() - r.deadLetterCount());
        }
        out.println("== sample results ==");
        final List<Double> scores = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        final int[] shown = new int[2];
        for (final DemoRecord d : input) {
            final DemoResults.Scored s = d.malformed() ? null : r.get(d.id());
            if (s == null) {
                continue;
            }
            scores.add(s.spamProbability());
            labels.add(d.label());
            // two of each class, so the explanation of a spam and of a ham both show
            if (shown[d.label()]++ < 2) {
                out.printf("  %s (truly %s)%n    %s%n", d.id(), d.label() == 1 ? "spam" : "ham", s.raw());
            }
        }
        out.println("== dead-letter reasons ==");
        r.deadLetterReasons().stream().distinct().limit(10).forEach(reason -> out.println("  " + reason));
        out.println("== quality against " + caption.labels() + " ==");
        final Metrics m = Metrics.of(scores.stream().mapToDouble(Double::doubleValue).toArray(),
                labels.stream().mapToInt(Integer::intValue).toArray(), model.threshold());
        out.print(m.format());
        out.println(caption.note());
    }

    private static void keepRunning(final PrintStream out, final EmbeddedKafka kafka, final ScorerConfig config)
            throws InterruptedException {
        out.printf("%nstill running: bootstrap.servers=%s, input %s, output %s, dead letters %s. Ctrl-C to stop.%n",
                kafka.bootstrapServers(), config.inputTopic(), config.outputTopic(), config.dlqTopic());
        new CountDownLatch(1).await();
    }

    static void deleteQuietly(final Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
