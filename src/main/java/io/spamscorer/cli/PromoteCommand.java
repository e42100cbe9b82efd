package io.spamscorer.cli;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.PromotionCheck;
import io.spamscorer.feedback.PromotionExamples;
import io.spamscorer.feedback.QualityCounts;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.ops.ModelTopicChecks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code promote}: makes the shadow model on {@code scorer.model.topic} live on every instance, after checking its
 * live figures on {@code scorer.examples.topic} against the live model's ({@link PromotionCheck}). The promotion
 * itself is {@link ModelPublisher#promote(ScorerConfig, Model)}: one transaction, refused if the shadow changed since
 * the check.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Make the shadow model live on every scorer, if its live figures are at least as good as the live"
                + " model's.",
                "Reads scorer.examples.topic (read_committed, from the beginning; no consumer group) and takes the examples"
                        + " labelled within --window that the current shadow (name and version) scored. It refuses, with"
                        + " exit code 1 and the figure that failed, unless there are at least --min-examples of them, the"
                        + " shadow's false-positive rate is no higher and its accuracy no lower than the live model's on"
                        + " the same examples. On success one transaction writes the shadow's JSON as the live model and"
                        + " removes the shadow; both models' figures are printed.",
                "Exit codes: 0 promoted; 1 refused by the check, or Kafka unreachable; 2 no shadow, bad configuration"
                        + " or a missing grant."})
public final class PromoteCommand implements Callable<Integer> {

    /** The examples topic's key, read here until the configuration knows it (it belongs to the labels join). */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--config", paramLabel = "FILE",
            description = "The scorer's properties file (bootstrap.servers, security, scorer.model.topic, scorer.model.path,"
                    + " scorer.examples.topic); SPAM_SCORER_* environment variables override it.")
    private Path configFile;

    @Option(names = "--min-examples", paramLabel = "N", defaultValue = "200",
            description = "Labelled examples scored by the shadow needed within the window (default: ${DEFAULT-VALUE}).")
    private int minExamples;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "24h", converter = WindowConverter.class,
            description = "Only examples labelled this long before now count, for example 90m, 24h or 7d (default: ${DEFAULT-VALUE}).")
    private Duration window;

    @Option(names = "--force", description = "Promote without reading the examples topic or checking any figure"
            + " (as publish-model --promote).")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast(spec, "--min-examples", minExamples, 1);
        final PrintWriter err = spec.commandLine().getErr();
        final ScorerConfig config = ScorerConfig.load(configFile, System.getenv());
        final String examplesTopic = config.examplesTopic().orElse("");
        if (!force && examplesTopic.isEmpty()) {
            throw new ConfigurationException(ScorerConfig.EXAMPLES_TOPIC + " is not set: promote compares the shadow's figures on the"
                    + " labelled examples there; set it to the job's examples topic, or promote without the check with --force");
        }
        try {
            ModelTopicChecks.probe(config);
            final Model shadow = currentShadow(config);
            if (!force) {
                final PromotionCheck.Outcome outcome = PromotionCheck.check(ModelRef.of(shadow),
                        read(config, examplesTopic).latest().values(), Instant.now(), window, minExamples);
                print(outcome);
                if (!outcome.accepted()) {
                    err.println("error: promotion of shadow " + outcome.shadow() + " refused: " + outcome.reason());
                    return ExitCodes.FAILED;
                }
            }
            final ModelPublisher.Published p = ModelPublisher.promote(config, shadow);
            System.out.printf("promoted shadow %s%s: now live on %s (partition %d, offset %d); the shadow slot is empty%n",
                    p.model(), force ? " without checking its figures (--force)" : "", p.topic(), p.partition(), p.offset());
            return ExitCodes.OK;
        } catch (final ModelPublisher.PublishException e) {
            final ModelTopicProbe.Failure f = ModelTopicProbe.failure(e);
            err.println("error: " + f.message());
            return f.exitCode();
        }
    }

    private static Model currentShadow(final ScorerConfig config) {
        final ModelPublisher.Shadow s = ModelPublisher.readShadow(config, READ_TIMEOUT).orElseThrow(() -> new ModelPublisher.PublishException(
                "there is no shadow model on " + config.modelTopic() + " to promote; publish one with publish-model --shadow --model FILE",
                false));
        try {
            return ModelLoader.parse(s.json());
        } catch (final ModelException e) {
            throw new ModelException("the shadow at " + s.source() + " is not a model the scorers accept: " + e.getMessage(), e);
        }
    }

    private PromotionExamples.Read read(final ScorerConfig config, final String topic) {
        try {
            return PromotionExamples.read(config.clientProperties(), topic, READ_TIMEOUT);
        } catch (final AuthorizationException e) {
            throw new ModelPublisher.PublishException("not allowed to read examples topic " + topic + " (" + ScorerConfig.EXAMPLES_TOPIC
                    + "): promote needs READ on it (" + e.getMessage() + ")", false);
        } catch (final IllegalStateException e) {
            throw new ModelPublisher.PublishException("cannot read examples topic " + topic + " (" + ScorerConfig.EXAMPLES_TOPIC + "): "
                    + e.getMessage(), true);
        }
    }

    private void print(final PromotionCheck.Outcome o) {
        System.out.printf("shadow %s against the live model on %d example(s) labelled in the last %s (at least %d needed):%n",
                o.shadow(), o.examples(), WindowConverter.text(window), o.minExamples());
        System.out.println(line("live", o.live()));
        System.out.println(line("shadow", o.challenger()));
    }

    private static String line(final String who, final QualityCounts c) {
        return String.format(Locale.ROOT, "  %-6s  false-positive rate %-6s  accuracy %-6s  (tp=%d fp=%d tn=%d fn=%d)", who,
                PromotionCheck.fmt(c.falsePositiveRate()), PromotionCheck.fmt(c.accuracy()), c.tp(), c.fp(), c.tn(), c.fn());
    }

    /** A positive duration such as 90m, 24h or 7d. */
    static final class WindowConverter implements ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,8})(s|m|h|d)");

        @Override
        public Duration convert(final String value) {
            final Matcher m = FORMAT.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration such as 90m, 24h or 7d"
                        + " (a whole number from 1 to 999999999 and a unit s, m, h or d)");
            }
            final long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }

        static String text(final Duration d) {
            if (d.toSeconds() % 86_400 == 0 && d.toDays() > 1) {
                return d.toDays() + "d";
            }
            return d.toSeconds() % 3600 == 0 ? d.toHours() + "h" : d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
        }
    }
}
