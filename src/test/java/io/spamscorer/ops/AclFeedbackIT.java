package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The feedback loop's rows of the README's ACL table, proven as {@link AclIT} proves the base table: with the base
 * grants plus these the scorer scores, joins labels and writes examples and shadow scores; without READ on the labels
 * topic, WRITE on the examples or shadow topic, or CREATE, READ or WRITE on the {@code <application.id>-} prefix it
 * stops naming the grant and loses nothing (restarted with the grant, every result arrives once); without DELETE on
 * that prefix it keeps working, and only the purge of the repartition topics fails (an ERROR from the admin client at
 * every purge), so they keep every record.
 * {@link #shouldStopAtTheFirstRecordWithDescribeButNotWrite} shows the WRITE rows are needed for the writes themselves,
 * not only for the startup check (which any of READ, WRITE or DESCRIBE passes).
 */
class AclFeedbackIT {

    /** The good input records, each scored, shadow-scored and labelled. */
    private static final List<String> SCORED = List.of("r0", "r1", "r2", "r3", "r4");

    /** Where a refused purge shows: Kafka Streams itself logs it at DEBUG only. */
    private static final String DELETE_RECORDS_LOGGER = "org.apache.kafka.clients.admin.internals.DeleteRecordsHandler";

    private static AclCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        cluster = AclCluster.shared();
    }

    /** The feedback rows, one line per operation. */
    enum Grant {
        LABELS_READ(c -> c.labelsTopic().orElseThrow(), PatternType.LITERAL, AclOperation.READ),
        EXAMPLES_WRITE(c -> c.examplesTopic().orElseThrow(), PatternType.LITERAL, AclOperation.WRITE),
        SHADOW_WRITE(c -> c.shadowTopic().orElseThrow(), PatternType.LITERAL, AclOperation.WRITE),
        INTERNAL_CREATE(AclFeedbackIT::internalPrefix, PatternType.PREFIXED, AclOperation.CREATE),
        INTERNAL_READ(AclFeedbackIT::internalPrefix, PatternType.PREFIXED, AclOperation.READ),
        INTERNAL_WRITE(AclFeedbackIT::internalPrefix, PatternType.PREFIXED, AclOperation.WRITE),
        INTERNAL_DELETE(AclFeedbackIT::internalPrefix, PatternType.PREFIXED, AclOperation.DELETE);

        private final Function<ScorerConfig, String> name;
        private final PatternType pattern;
        private final AclOperation operation;

        Grant(final Function<ScorerConfig, String> name, final PatternType pattern, final AclOperation operation) {
            this.name = name;
            this.pattern = pattern;
            this.operation = operation;
        }

        AclBinding binding(final String user, final ScorerConfig config) {
            return AclCluster.allow(user, ResourceType.TOPIC, name.apply(config), pattern, operation);
        }

        /** How the failure names the missing grant. */
        String named(final ScorerConfig config) {
            return pattern == PatternType.PREFIXED
                    ? "CREATE, READ and WRITE on topics with the prefix " + internalPrefix(config)
                    : operation + " on topic " + name.apply(config);
        }

        /** The README's base rows and feedback rows, without {@code except} (null: all of them). */
        static List<AclBinding> readme(final String user, final ScorerConfig config, final Grant except) {
            final List<AclBinding> acls = new ArrayList<>(AclIT.Grant.needed(user, config));
            for (final Grant g : values()) {
                if (g != except) {
                    acls.add(g.binding(user, config));
                }
            }
            return acls;
        }
    }

    static String internalPrefix(final ScorerConfig config) {
        return AclIT.applicationId(config) + "-";
    }

    /** The scores side of the join: every score event passes through it, and Streams purges what it has committed. */
    private static String scoresRepartition(final ScorerConfig config) {
        return internalPrefix(config) + "feedback-scores-repartition";
    }

    @Test
    void shouldScoreJoinLabelsAndWriteExamplesAndShadowScoresWithTheReadmeAcls() throws Exception {
        final ScorerConfig config = prepare("fb-all");
        cluster.grant(Grant.readme("fb-all", config, null));

        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
            awaitAll(config, service.runtime());
            assertEquals(SCORED, sorted(cluster.committedKeys(List.of(config.outputTopic()))));
            assertEquals(SCORED, sorted(cluster.committedKeys(List.of(config.shadowTopic().orElseThrow()))));
            assertEquals(List.of("bad"), cluster.committedKeys(List.of(config.dlqTopic())));
            // DELETE on the prefix: Streams purges the committed score events from the repartition topic
            await(() -> logStartOffset(scoresRepartition(config)) > 0, "the scores repartition topic purged");
        }
    }

    @ParameterizedTest(name = "without {0}")
    @EnumSource(value = Grant.class, names = {"LABELS_READ", "EXAMPLES_WRITE", "SHADOW_WRITE", "INTERNAL_CREATE",
        "INTERNAL_READ", "INTERNAL_WRITE"})
    void shouldStopNamingTheMissingGrantAndLoseNothing(final Grant removed) throws Exception {
        final String user = "fb-" + removed.name().toLowerCase(Locale.ROOT).replace('_', '-');
        final ScorerConfig config = prepare(user);
        cluster.grant(Grant.readme(user, config, removed));

        final String failure = failureOf(config);
        assertTrue(failure.contains(removed.named(config)), "names the missing grant: " + failure);
        assertFalse(failure.contains("\n"), "one line: " + failure);
        assertEquals(List.of(), cluster.committedKeys(results(config)), "nothing committed while the grant was missing");

        grantAndAwaitEachResultOnce(removed.binding(user, config), config);
    }

    /** Restarted with {@code missing} granted, the job completes what it could not: every result exactly once. */
    private static void grantAndAwaitEachResultOnce(final AclBinding missing, final ScorerConfig config) throws Exception {
        cluster.grant(List.of(missing));
        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
            awaitAll(config, service.runtime());
            assertEquals(List.of("bad", "r0", "r0", "r0", "r1", "r1", "r1", "r2", "r2", "r2", "r3", "r3", "r3", "r4", "r4", "r4"),
                    sorted(cluster.committedKeys(results(config))), "output + shadow + examples + DLQ, once each");
        }
    }

    /**
     * DESCRIBE alone passes the startup check; the first write then fails and the job stops naming WRITE. A shadow
     * score is written (only because a shadow model is published) in the scoring transaction, so nothing at all is
     * committed; an example is written by the join, a later transaction that reads the committed scores from the
     * repartition topic, so the scores, shadow scores and dead letter are committed and only the examples wait, in
     * the uncommitted repartition offsets, for the restart.
     */
    @ParameterizedTest(name = "DESCRIBE instead of {0}")
    @EnumSource(value = Grant.class, names = {"EXAMPLES_WRITE", "SHADOW_WRITE"})
    void shouldStopAtTheFirstRecordWithDescribeButNotWrite(final Grant removed) throws Exception {
        final String user = "fb-describe-" + removed.name().toLowerCase(Locale.ROOT).replace('_', '-');
        final ScorerConfig config = prepare(user);
        final List<AclBinding> acls = Grant.readme(user, config, removed);
        acls.add(AclCluster.allow(user, ResourceType.TOPIC, removed.name.apply(config), PatternType.LITERAL,
                AclOperation.DESCRIBE));
        cluster.grant(acls);

        final String failure = failureOf(config);
        assertTrue(failure.startsWith("stream thread died: not authorized: the scorer's principal needs "
                + removed.named(config)), "names the missing grant: " + failure);
        assertEquals(List.of(), cluster.committedKeys(List.of(removed.name.apply(config))), "nothing written there");
        if (removed == Grant.SHADOW_WRITE) {
            assertEquals(List.of(), cluster.committedKeys(results(config)), "nothing committed with the shadow scores");
        }
        grantAndAwaitEachResultOnce(removed.binding(user, config), config);
    }

    /**
     * Kafka Streams purges committed repartition records with {@code Admin.deleteRecords}. Refused, the admin client
     * logs an ERROR per repartition partition at every purge ({@code repartition.purge.interval.ms}, 30 s by default)
     * and Streams goes on: the job scores, joins and writes examples, but the repartition topics, which Streams creates
     * with {@code retention.ms=-1} because it purges them itself, keep every record for ever. DELETE is recommended,
     * not required.
     */
    @Test
    void shouldKeepScoringWithoutDeleteOnThePrefixButNeverPurgeTheRepartitionTopics() throws Exception {
        final ScorerConfig config = prepare("fb-internal-delete");
        cluster.grant(Grant.readme("fb-internal-delete", config, Grant.INTERNAL_DELETE));

        final ListAppender<ILoggingEvent> purges = new ListAppender<>();
        purges.start();
        final Logger deleteRecords = (Logger) LoggerFactory.getLogger(DELETE_RECORDS_LOGGER);
        deleteRecords.addAppender(purges);
        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
            awaitAll(config, service.runtime());
            final String refused = "DeleteRecords request for topic partition " + scoresRepartition(config)
                    + "-0 failed due to an error TOPIC_AUTHORIZATION_FAILED";
            await(() -> purges.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR
                    && e.getFormattedMessage().contains(refused)), "an ERROR: " + refused);
            assertFalse(service.runtime().failed(), "still running");
            assertEquals(0, logStartOffset(scoresRepartition(config)), "nothing purged");
            assertEquals("-1", topicConfig(scoresRepartition(config), TopicConfig.RETENTION_MS_CONFIG), "nor ever expired");
        } finally {
            deleteRecords.detachAppender(purges);
        }
    }

    /**
     * A scorer configuration for {@code user} with the feedback loop on (application.id {@code <user>.app}, its own
     * topics), its topics created, the model and a shadow model published, five good records and a bad one on the
     * input and a label for each good one.
     */
    private ScorerConfig prepare(final String user) throws Exception {
        cluster.addUser(user, user + "-pw");
        final Map<String, String> names = new HashMap<>();
        names.put("application.id", user + ".app");
        names.put(ScorerConfig.INPUT_TOPIC, user + ".in");
        names.put(ScorerConfig.OUTPUT_TOPIC, user + ".out");
        names.put(ScorerConfig.DLQ_TOPIC, user + ".dlq");
        names.put(ScorerConfig.MODEL_TOPIC, user + ".models");
        names.put(ScorerConfig.LABELS_TOPIC, user + ".labels");
        names.put(ScorerConfig.EXAMPLES_TOPIC, user + ".examples");
        names.put(ScorerConfig.SHADOW_TOPIC, user + ".shadow");
        names.put(ScorerConfig.LABELS_PARTITIONS, "1");
        // purge at every commit rather than every 30 s, so a refused purge shows at once
        names.put("repartition.purge.interval.ms", "100");
        final ScorerConfig config = cluster.scorerConfig(user, user + "-pw", tmp.resolve(user), names);
        cluster.prepare(config);
        // the shadow slot is filled, so the job writes shadow scores and needs WRITE on the shadow topic
        cluster.produce(config.modelTopic(), Map.of(ModelTopicProtocol.SHADOW_KEY,
                Files.readString(AclCluster.modelFile()).replace("\"version\": \"7\"", "\"version\": \"8\"")));
        final Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            labels.put("r" + i, "{\"id\":\"r" + i + "\",\"label\":\"" + (i % 2 == 0 ? "spam" : "ham") + "\"}");
        }
        cluster.produce(config.labelsTopic().orElseThrow(), labels);
        return config;
    }

    private static List<String> results(final ScorerConfig config) {
        return List.of(config.outputTopic(), config.shadowTopic().orElseThrow(), config.examplesTopic().orElseThrow(),
                config.dlqTopic());
    }

    /** The one-line error a failed start throws, or the reason the runtime gives up with. */
    private static String failureOf(final ScorerConfig config) throws InterruptedException {
        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
            final ScorerRuntime runtime = service.runtime();
            await(runtime::failed, "the job stops");
            return runtime.failureReason();
        } catch (final ConfigurationException e) {
            return e.getMessage(); // what run prints as "error: ..." before it exits 2
        }
    }

    /** Waits for 5 scores, 5 shadow scores, 5 examples and a dead letter. */
    private static void awaitAll(final ScorerConfig config, final ScorerRuntime runtime) throws InterruptedException {
        await(() -> {
            assertFalse(runtime.failed(), () -> "scorer failed: " + runtime.failureReason());
            return cluster.committedKeys(results(config)).size() >= 16;
        }, "16 results");
        assertEquals(SCORED, sorted(cluster.committedKeys(List.of(config.examplesTopic().orElseThrow()))),
                "one example per labelled id");
    }

    private static String topicConfig(final String topic, final String key) {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(cluster.asAdmin())) {
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
        } catch (final Exception e) {
            throw new AssertionError("cannot read " + key + " of " + topic, e);
        }
    }

    private static long logStartOffset(final String topic) {
        try (Admin admin = Admin.create(cluster.asAdmin())) {
            final TopicPartition p = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(p, OffsetSpec.earliest())).partitionResult(p).get(30, TimeUnit.SECONDS).offset();
        } catch (final Exception e) {
            throw new AssertionError("cannot read the log start offset of " + topic, e);
        }
    }

    private static List<String> sorted(final List<String> keys) {
        final List<String> copy = new ArrayList<>(keys);
        copy.sort(null);
        return copy;
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + AclCluster.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + AclCluster.TIMEOUT + ": " + what);
            }
            Thread.sleep(200);
        }
    }
}
