package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Least privilege, proven, on one broker with {@code StandardAuthorizer} and SCRAM users: the job scores with
 * exactly the README's ACLs, and without any one of them it stops with a message naming the missing grant and
 * loses nothing. {@link AclPeersIT} covers publish-model and a principal without ACLs.
 */
class AclIT {

    private static AclCluster cluster;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() {
        cluster = AclCluster.shared();
    }

    /** The README's ACL table before this test (issue 15) corrected it: one line per operation. */
    enum Grant {
        INPUT_READ(ResourceType.TOPIC, ScorerConfig::inputTopic, AclOperation.READ, "READ on topic "),
        INPUT_DESCRIBE(ResourceType.TOPIC, ScorerConfig::inputTopic, AclOperation.DESCRIBE, null),
        MODEL_READ(ResourceType.TOPIC, ScorerConfig::modelTopic, AclOperation.READ, "READ on it"),
        MODEL_DESCRIBE(ResourceType.TOPIC, ScorerConfig::modelTopic, AclOperation.DESCRIBE, null),
        OUTPUT_WRITE(ResourceType.TOPIC, ScorerConfig::outputTopic, AclOperation.WRITE, "WRITE on topic "),
        OUTPUT_DESCRIBE(ResourceType.TOPIC, ScorerConfig::outputTopic, AclOperation.DESCRIBE, null),
        DLQ_WRITE(ResourceType.TOPIC, ScorerConfig::dlqTopic, AclOperation.WRITE, "WRITE on topic "),
        DLQ_DESCRIBE(ResourceType.TOPIC, ScorerConfig::dlqTopic, AclOperation.DESCRIBE, null),
        GROUP_READ(ResourceType.GROUP, AclIT::applicationId, AclOperation.READ, "READ on group "),
        TRANSACTIONAL_ID_WRITE(ResourceType.TRANSACTIONAL_ID, AclIT::applicationId, AclOperation.WRITE,
                "WRITE on transactional ids with the prefix "),
        TRANSACTIONAL_ID_DESCRIBE(ResourceType.TRANSACTIONAL_ID, AclIT::applicationId, AclOperation.DESCRIBE, null);

        private final ResourceType type;
        private final Function<ScorerConfig, String> name;
        private final AclOperation operation;
        /** How the failure names the missing grant; null for the DESCRIBE lines, which READ and WRITE imply. */
        private final String named;

        Grant(final ResourceType type, final Function<ScorerConfig, String> name, final AclOperation operation,
              final String named) {
            this.type = type;
            this.name = name;
            this.operation = operation;
            this.named = named;
        }

        AclBinding binding(final String user, final ScorerConfig config) {
            final PatternType pattern = type == ResourceType.TRANSACTIONAL_ID ? PatternType.PREFIXED : PatternType.LITERAL;
            return AclCluster.allow(user, type, name.apply(config), pattern, operation);
        }

        /** The text the failure must contain, e.g. {@code READ on topic x.in}. */
        String named(final ScorerConfig config) {
            return named.endsWith(" ") ? named + name.apply(config) : named;
        }

        /** What the README listed, without {@code except}. */
        static List<AclBinding> readmeBefore(final String user, final ScorerConfig config, final Grant except) {
            final List<AclBinding> acls = new ArrayList<>();
            for (final Grant g : values()) {
                if (g != except) {
                    acls.add(g.binding(user, config));
                }
            }
            return acls;
        }

        /** The corrected README table: no DESCRIBE (READ and WRITE imply it) and no IDEMPOTENT_WRITE. */
        static List<AclBinding> needed(final String user, final ScorerConfig config) {
            final List<AclBinding> acls = new ArrayList<>();
            for (final Grant g : values()) {
                if (g.named != null) {
                    acls.add(g.binding(user, config));
                }
            }
            return acls;
        }
    }

    static String applicationId(final ScorerConfig config) {
        return config.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** Principal User:scorer, application.id spam-scorer and the default topic names, as the README's table says. */
    @Test
    void shouldScoreAndDeadLetterWithTheReadmeAclsWhichNeedNeitherDescribeNorIdempotentWrite() throws Exception {
        cluster.addUser("scorer", "scorer-secret");
        final ScorerConfig config = cluster.scorerConfig("scorer", "scorer-secret", tmp.resolve("state"), Map.of());
        assertEquals("spam-scorer", applicationId(config));
        final Map<String, String> input = cluster.prepare(config);
        cluster.grant(Grant.needed("scorer", config));

        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
            awaitResults(config, input.size(), service.runtime());
            assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), cluster.committedKeys(List.of(config.outputTopic())));
            assertEquals(List.of("bad"), cluster.committedKeys(List.of(config.dlqTopic())));
        }
    }

    @ParameterizedTest(name = "without {0}")
    @EnumSource(value = Grant.class, names = {"INPUT_READ", "MODEL_READ", "OUTPUT_WRITE", "DLQ_WRITE", "GROUP_READ",
        "TRANSACTIONAL_ID_WRITE"})
    void shouldStopNamingTheMissingGrantAndLoseNothing(final Grant removed) throws Exception {
        final String user = "scorer-" + removed.name().toLowerCase(Locale.ROOT).replace('_', '-');
        cluster.addUser(user, user + "-pw");
        final Map<String, String> names = new HashMap<>();
        names.put("application.id", user + ".app");
        names.put(ScorerConfig.INPUT_TOPIC, user + ".in");
        names.put(ScorerConfig.OUTPUT_TOPIC, user + ".out");
        names.put(ScorerConfig.DLQ_TOPIC, user + ".dlq");
        names.put(ScorerConfig.MODEL_TOPIC, user + ".models");
        final ScorerConfig config = cluster.scorerConfig(user, user + "-pw", tmp.resolve("state"), names);
        final Map<String, String> input = cluster.prepare(config);
        cluster.grant(Grant.readmeBefore(user, config, removed));

        final ListAppender<ILoggingEvent> replacements = new ListAppender<>();
        replacements.start();
        final Logger policyLog = (Logger) LoggerFactory.getLogger(ThreadReplacementPolicy.class);
        policyLog.addAppender(replacements);
        final String failure;
        try {
            failure = failureOf(config);
        } finally {
            policyLog.detachAppender(replacements);
        }
        assertTrue(failure.contains(removed.named(config)), "names the missing grant: " + failure);
        assertFalse(failure.contains("\n"), "one line: " + failure);
        assertTrue(replacements.list.stream().noneMatch(e -> e.getFormattedMessage().contains("replacing it")),
                "a missing ACL does not spend the thread-replacement budget");
        assertEquals(List.of(), cluster.committedKeys(List.of(config.outputTopic(), config.dlqTopic())),
                "nothing committed while the grant was missing");

        cluster.grant(List.of(removed.binding(user, config)));
        try (ScorerService service = ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE)) {
            awaitResults(config, input.size(), service.runtime());
            final List<String> results = new ArrayList<>(cluster.committedKeys(List.of(config.outputTopic(), config.dlqTopic())));
            results.sort(null);
            assertEquals(List.of("bad", "r0", "r1", "r2", "r3", "r4"), results, "out + DLQ = in, once each");
        }
    }

    /** A READ revoked at runtime: the job keeps scoring with its model, and /health/ready says which grant is missing. */
    @Test
    void shouldTurnNotReadyNamingReadWhileTheModelTopicReadIsRevoked() throws Exception {
        final String user = "scorer-revoked";
        cluster.addUser(user, "revoked-pw");
        final Map<String, String> names = Map.of("application.id", user + ".app", ScorerConfig.INPUT_TOPIC, user + ".in",
                ScorerConfig.OUTPUT_TOPIC, user + ".out", ScorerConfig.DLQ_TOPIC, user + ".dlq",
                ScorerConfig.MODEL_TOPIC, user + ".models");
        final ScorerConfig config = cluster.scorerConfig(user, "revoked-pw", tmp.resolve("state"), names);
        cluster.prepare(config);
        cluster.grant(Grant.needed(user, config));
        final ModelTopicStatus status = new ModelTopicStatus(config.modelTopic());
        try (ScorerService service = ScorerService.start(config, ScorerService.loadModelFile(config), ScoringListener.NONE,
                ModelEvents.NONE, status)) {
            final StreamsHealth health = StreamsHealth.of(service.runtime()::state, service.runtime()::failed, status::problem);
            awaitResults(config, 6, service.runtime());
            final AclBinding read = Grant.MODEL_READ.binding(user, config);
            cluster.revoke(List.of(read));
            await(() -> status.problem() != null, "the watcher notices the revoked READ");
            assertTrue(health.degraded().contains("needs READ on it"), health.degraded());
            assertTrue(health.degraded().contains(config.modelTopic()), health.degraded());
            assertTrue(health.live(), "still live: scoring goes on with the current model");

            cluster.grant(List.of(read));
            await(() -> status.problem() == null, "ready again once READ is back");
            assertNull(health.degraded());
        }
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

    private void awaitResults(final ScorerConfig config, final int count, final ScorerRuntime runtime)
            throws InterruptedException {
        await(() -> {
            assertFalse(runtime.failed(), () -> "scorer failed: " + runtime.failureReason());
            return cluster.committedKeys(List.of(config.outputTopic(), config.dlqTopic())).size() >= count;
        }, count + " results");
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + AclCluster.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + AclCluster.TIMEOUT + ": " + what);
            }
            Thread.sleep(Duration.ofMillis(200).toMillis());
        }
    }
}
