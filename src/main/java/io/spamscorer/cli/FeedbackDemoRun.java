package io.spamscorer.cli;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.demo.DemoRecord;
import io.spamscorer.demo.FeedbackDemo;
import io.spamscorer.kafka.EmbeddedKafka;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.stream.ScoringListener;
import io.spamscorer.train.RetrainBase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code demo --feedback}: starts an embedded broker and a raw-mail scorer with the labels, examples and shadow
 * topics on, and runs {@link FeedbackDemo} on the held-out mail of {@code --mail}: 60 % of it first, the rest once the
 * retrained shadow is in place. The base corpus of the retrain is read in the background meanwhile.
 */
final class FeedbackDemoRun {

    /** {@code demo}'s options that apply to {@code --feedback} only. */
    static final class Options {
        @Option(names = "--label-share", paramLabel = "S", defaultValue = "0.6",
                description = "With --feedback: the share of the scored mail that gets a label (default: ${DEFAULT-VALUE}).")
        double labelShare;

        @Option(names = "--label-delay", paramLabel = "SECONDS", defaultValue = "2",
                description = "With --feedback: seconds between the scores and their labels (default: ${DEFAULT-VALUE}).")
        double labelDelay;

        @Option(names = "--base-mail", paramLabel = "DIR", defaultValue = "data/mail/train",
                description = "With --feedback: the retrain's base corpus, featurized by the live model; 'none' to retrain"
                        + " on the examples only (default: ${DEFAULT-VALUE}).")
        String baseMail;

        @Option(names = "--min-examples", paramLabel = "N", defaultValue = "30",
                description = "With --feedback: labelled examples the shadow must have scored before it may be promoted"
                        + " (default: ${DEFAULT-VALUE}).")
        int minExamples;

        void validate(final CommandSpec spec, final boolean feedback) {
            final var parsed = spec.commandLine().getParseResult();
            if (!feedback) {
                for (final String o : new String[] {"--label-share", "--label-delay", "--base-mail", "--min-examples"}) {
                    if (parsed.hasMatchedOption(o)) {
                        throw OptionChecks.bad(spec, o + " applies to --feedback only");
                    }
                }
                return;
            }
            if (!(labelShare > 0.0 && labelShare <= 1.0)) {
                throw OptionChecks.bad(spec, "--label-share must be > 0 and <= 1, got " + labelShare);
            }
            OptionChecks.finiteAtLeast(spec, "--label-delay", labelDelay, 0);
            if (labelDelay > 600) {
                throw OptionChecks.bad(spec, "--label-delay must be at most 600 seconds, got " + labelDelay);
            }
            OptionChecks.within(spec, "--min-examples", minExamples, 1, 1_000_000);
            // checked before the broker starts; the corpus itself is read in the background later
            if (!"none".equals(baseMail) && !Files.isDirectory(Path.of(baseMail))) {
                throw OptionChecks.bad(spec, "--base-mail " + baseMail + " is not a directory (ham/ and spam/); "
                        + "'none' retrains on the examples only");
            }
        }
    }

    /** The share of the mail streamed before the retrain. */
    static final double FIRST_SHARE = 0.6;

    private final CommandSpec spec;
    private final Path mail;
    private final Path modelPath;
    private final Integer records;
    private final int partitions;
    private final long seed;
    private final Options options;

    FeedbackDemoRun(final CommandSpec spec, final Path mail, final Path modelPath, final Integer records,
                    final int partitions, final long seed, final Options options) {
        this.spec = spec;
        this.mail = mail;
        this.modelPath = modelPath == null ? Path.of(ScorerConfig.EMAIL_MODEL_PATH) : modelPath;
        this.records = records;
        this.partitions = partitions;
        this.seed = seed;
        this.options = options;
    }

    Integer call() throws IOException, InterruptedException {
        final PrintStream out = System.out;
        final long start = System.nanoTime();
        final Model model = ModelLoader.load(modelPath);
        ModelCompatibility.checkEmail(model);
        final List<List<DemoRecord>> phases = FeedbackDemo.phases(mail, records, seed, DemoCommand.DEMO_EMAIL_MAX_BYTES,
                FIRST_SHARE);
        final CompletableFuture<RetrainBase> base = "none".equals(options.baseMail) ? null
                : CompletableFuture.supplyAsync(() -> RetrainBase.mail(Path.of(options.baseMail),
                        MailTraining.directoryName(Path.of(options.baseMail)), model));
        out.printf(Locale.ROOT, "spam-scorer demo --feedback: %d held-out messages from %s, live model %s; %.0f %% of them"
                        + " labelled %.1f s after their scores; retrain base %s%n", phases.get(0).size() + phases.get(1).size(),
                mail, model, options.labelShare * 100, options.labelDelay, base == null ? "none (examples only)" : options.baseMail);
        out.println("starting an embedded Kafka broker ...");
        final Path stateDir = Files.createTempDirectory("spam-scorer-demo-feedback-state");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            final ScorerConfig config = config(kafka.bootstrapServers(), stateDir);
            try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
                if (!service.runtime().awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the scorer did not start within 60 s: " + service.runtime().failureReason());
                }
                out.printf("scorer running (exactly_once_v2) with labels %s, examples %s, shadow results %s%n",
                        config.labelsTopic().orElseThrow(), config.examplesTopic().orElseThrow(), config.shadowTopic().orElseThrow());
                final FeedbackDemo.Outcome o = new FeedbackDemo(config, kafka.clientProperties(), service.models(), out)
                        .run(new FeedbackDemo.Plan(phases.get(0), phases.get(1), options.labelShare,
                                Duration.ofMillis(Math.round(options.labelDelay * 1000)), base, options.minExamples, seed));
                out.printf(Locale.ROOT, "%ndemo --feedback done in %.1f s%n", (System.nanoTime() - start) / 1e9);
                return o.complete() ? ExitCodes.OK : ExitCodes.FAILED;
            } catch (final ModelPublisher.PublishException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return ExitCodes.FAILED;
            }
        } finally {
            DemoCommand.deleteQuietly(stateDir);
        }
    }

    private ScorerConfig config(final String bootstrap, final Path stateDir) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", bootstrap);
        values.put("application.id", "spam-scorer-demo-feedback");
        values.put("state.dir", stateDir.toString());
        values.put(ScorerConfig.MODEL_PATH, modelPath.toString());
        values.put(ScorerConfig.TOPICS_CREATE, "true");
        values.put(ScorerConfig.TOPICS_PARTITIONS, Integer.toString(partitions));
        values.put(ScorerConfig.INPUT_FORMAT, "email");
        values.put(ScorerConfig.EMAIL_MAX_BYTES, Long.toString(DemoCommand.DEMO_EMAIL_MAX_BYTES));
        values.put(ScorerConfig.LABELS_TOPIC, "emails.labels");
        values.put(ScorerConfig.EXAMPLES_TOPIC, "emails.examples");
        values.put(ScorerConfig.SHADOW_TOPIC, "emails.scored.shadow");
        return ScorerConfig.of(values);
    }
}
