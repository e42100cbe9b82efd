package io.spamscorer.demo;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.ModelRef;
import io.spamscorer.feedback.PromotionCheck;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.ops.ModelPublisher;
import io.spamscorer.train.CrossValidation;
import io.spamscorer.train.ExampleDataset;
import io.spamscorer.train.RetrainBase;
import io.spamscorer.train.RetrainTopics;
import io.spamscorer.train.Retrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The loop of {@code demo --feedback}, on a scorer that is already running with labels, examples and shadow topics:
 * stream held-out mail, label a share of it after a delay, show live quality per model from the examples topic,
 * retrain the live model on the examples (plus a base corpus) and publish the result as the shadow, stream more mail
 * that both models score, label a share of it, print both models' figures side by side, and promote the shadow if
 * {@link PromotionCheck} accepts it (else print why not).
 */
public final class FeedbackDemo {

    /** Upper bound of every wait for the scorer. */
    static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * @param first       mail streamed before the retrain (scored by the live model only)
     * @param second      mail streamed with the shadow in place (scored by both)
     * @param labelShare  the share of each phase's mail that gets a label
     * @param labelDelay  how long after the scores the labels are sent
     * @param base        the retrain's base corpus, being read in the background (null for none)
     * @param minExamples the promotion's minimum of labelled examples scored by the shadow
     */
    public record Plan(List<DemoRecord> first, List<DemoRecord> second, double labelShare, Duration labelDelay,
                       CompletableFuture<RetrainBase> base, int minExamples, long seed) {
        public Plan {
            first = List.copyOf(first);
            second = List.copyOf(second);
        }
    }

    /** What happened: whether every step completed, and the promotion's outcome (null when it was not reached). */
    public record Outcome(boolean complete, PromotionCheck.Outcome promotion, boolean promoted) {
    }

    private final ScorerConfig config;
    private final Map<String, Object> clientProps;
    private final ModelHolder models;
    private final PrintStream out;

    public FeedbackDemo(final ScorerConfig config, final Map<String, Object> clientProps, final ModelHolder models,
                        final PrintStream out) {
        this.config = config;
        this.clientProps = Map.copyOf(clientProps);
        this.models = models;
        this.out = out;
    }

    public Outcome run(final Plan plan) throws InterruptedException {
        final String examplesTopic = config.examplesTopic().orElseThrow();
        final Model live = models.snapshot().live().model();
        final Random random = new Random(plan.seed());
        try (FeedbackTraffic traffic = new FeedbackTraffic(clientProps, config.inputTopic(), config.outputTopic(),
                config.labelsTopic().orElseThrow(), config.shadowTopic().orElseThrow())) {
            out.printf(Locale.ROOT, "%n== phase 1: %d messages, scored by the live model %s ==%n", plan.first().size(), ModelRef.of(live));
            if (!traffic.score(plan.first(), WAIT)) {
                return incomplete("phase 1's messages did not all come back scored");
            }
            final List<DemoRecord> labelled1 = labelled(plan.first(), plan.labelShare(), random);
            label(traffic, labelled1, plan.labelDelay());
            Map<String, Example> examples = awaitExamples(examplesTopic, labelled1, null);
            if (examples == null) {
                return incomplete("the examples of phase 1's labels did not all arrive on " + examplesTopic);
            }
            out.println("== live quality per model (from " + examplesTopic + ") ==");
            FeedbackQuality.printPerModel(out, FeedbackQuality.perModel(examples.values()));

            final Model shadow = retrainAndPublish(live, examples.values(), examplesTopic, plan);
            if (!await(() -> models.snapshot().hasShadow() && models.snapshot().shadow().model().equals(shadow))) {
                return incomplete("the scorer did not pick up the shadow " + ModelRef.of(shadow));
            }
            out.println("the scorer now scores every message with both models (shadow results go to "
                    + config.shadowTopic().orElseThrow() + ", never to " + config.outputTopic() + ")");

            out.printf(Locale.ROOT, "%n== phase 2: %d messages, scored by %s (live) and %s (shadow) ==%n", plan.second().size(),
                    ModelRef.of(live), ModelRef.of(shadow));
            if (!traffic.score(plan.second(), WAIT)) {
                return incomplete("phase 2's messages did not all come back scored");
            }
            final List<String> secondIds = plan.second().stream().map(DemoRecord::id).toList();
            if (!await(() -> traffic.shadowScored(secondIds) == secondIds.size())) {
                return incomplete("the shadow's results of phase 2 did not all arrive on " + config.shadowTopic().orElseThrow());
            }
            final List<DemoRecord> labelled2 = labelled(plan.second(), plan.labelShare(), random);
            label(traffic, labelled2, plan.labelDelay());
            examples = awaitExamples(examplesTopic, labelled2, ModelRef.of(shadow));
            if (examples == null) {
                return incomplete("the examples of phase 2's labels did not all arrive on " + examplesTopic);
            }
            out.println("== live quality per model (from " + examplesTopic + ") ==");
            FeedbackQuality.printPerModel(out, FeedbackQuality.perModel(examples.values()));
            out.println("== both models on the same labelled messages of phase 2 ==");
            FeedbackQuality.printSideBySide(out, ModelRef.of(live), ModelRef.of(shadow),
                    FeedbackQuality.sideBySide(examples.values(), ModelRef.of(shadow)));
            return promote(shadow, examples.values(), plan.minExamples());
        }
    }

    private Model retrainAndPublish(final Model live, final Collection<Example> examples, final String topic, final Plan plan)
            throws InterruptedException {
        final ExampleDataset data = ExampleDataset.of(examples, live.features());
        final RetrainBase base = plan.base() == null ? null : base(plan.base());
        out.printf(Locale.ROOT, "%n== retrain on %d labelled examples%s ==%n", data.rows(),
                base == null ? "" : " + " + base.size() + " messages of " + base.source());
        final Retrainer.Result r = Retrainer.retrain(live, data, base, new Retrainer.Request(Retrainer.version(live, data),
                5, plan.seed(), null, topic), CrossValidation.FoldListener.NONE);
        out.println("cross-validation (5-fold stratified, out-of-fold scores pooled):");
        out.print(r.cv().format());
        final ModelPublisher.Published p = ModelPublisher.publishShadow(config, r.model(), r.json());
        out.printf("published %s as the shadow to %s (partition %d, offset %d)%n", ModelRef.of(r.model()), p.topic(),
                p.partition(), p.offset());
        return r.model();
    }

    /** The base corpus read in the background; its failure (e.g. an unreadable directory) as the exception it was. */
    private static RetrainBase base(final CompletableFuture<RetrainBase> future) {
        try {
            return future.join();
        } catch (final CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private Outcome promote(final Model shadow, final Collection<Example> examples, final int minExamples)
            throws InterruptedException {
        final PromotionCheck.Outcome check = PromotionCheck.check(ModelRef.of(shadow), examples, Instant.now(),
                Duration.ofHours(1), minExamples);
        out.printf(Locale.ROOT, "%n== promote? at least %d labelled examples scored by the shadow, false-positive rate no "
                + "higher, accuracy no lower ==%n", minExamples);
        if (!check.accepted()) {
            out.println("promotion refused: " + check.reason());
            out.println("live model stays " + ModelRef.of(models.snapshot().live().model()));
            return new Outcome(true, check, false);
        }
        final ModelPublisher.Published p = ModelPublisher.promote(config, shadow);
        out.printf("promoted %s in one transaction on %s (partition %d, offset %d)%n", ModelRef.of(shadow), p.topic(),
                p.partition(), p.offset());
        if (!await(() -> models.snapshot().live().model().equals(shadow) && !models.snapshot().hasShadow())) {
            return incomplete("the scorer did not switch to the promoted model");
        }
        out.println("live model now " + ModelRef.of(models.snapshot().live().model()) + "; no shadow");
        return new Outcome(true, check, true);
    }

    /** Sends labels for {@code mail} after {@code delay}: labels come later than scores, as a user's do. */
    private void label(final FeedbackTraffic traffic, final List<DemoRecord> mail, final Duration delay)
            throws InterruptedException {
        Thread.sleep(delay.toMillis());
        traffic.label(mail);
        out.printf(Locale.ROOT, "labelled %d of them (%d spam, %d ham), %.1f s after their scores%n", mail.size(),
                mail.stream().filter(d -> d.label() == 1).count(), mail.stream().filter(d -> d.label() == 0).count(),
                delay.toMillis() / 1000.0);
    }

    /**
     * Reads the examples topic until every id of {@code mail} has its example (scored by {@code shadow} too, when not
     * null); null on timeout.
     */
    private Map<String, Example> awaitExamples(final String topic, final List<DemoRecord> mail, final ModelRef shadow)
            throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            final Map<String, Example> byId = RetrainTopics.examples(config, topic, WAIT).byId();
            if (mail.stream().allMatch(d -> byId.containsKey(d.id())
                    && (shadow == null || byId.get(d.id()).shadow() != null && byId.get(d.id()).shadow().model().equals(shadow)))) {
                return byId;
            }
            Thread.sleep(250);
        }
        return null;
    }

    /** A seeded share of {@code mail}, in its order. */
    static List<DemoRecord> labelled(final List<DemoRecord> mail, final double share, final Random random) {
        final List<DemoRecord> out = new ArrayList<>();
        for (final DemoRecord d : mail) {
            if (random.nextDouble() < share) {
                out.add(d);
            }
        }
        return out;
    }

    private static boolean await(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private Outcome incomplete(final String what) {
        out.println("INCOMPLETE: " + what + " within " + WAIT.toSeconds() + " s");
        return new Outcome(false, null, false);
    }

    /** The messages (not the malformed records) of a mail directory, shuffled with the seed, as two phases. */
    public static List<List<DemoRecord>> phases(final Path dir, final Integer count, final long seed, final long maxBytes,
                                                final double firstShare) {
        final List<DemoRecord> mail = EmailDemoRecords.build(dir, count, seed, maxBytes).stream()
                .filter(d -> !d.malformed()).toList();
        final int cut = (int) Math.round(mail.size() * firstShare);
        return List.of(mail.subList(0, cut), mail.subList(cut, mail.size()));
    }
}
