package io.spamscorer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.cli.Main;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.Example;
import io.spamscorer.feedback.Example.Label;
import io.spamscorer.feedback.ExampleJson;
import io.spamscorer.feedback.ModelRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grants {@code promote} needs under {@code StandardAuthorizer}, as the README lists them: READ on the examples
 * topic, READ and WRITE on the model topic, WRITE and DESCRIBE on its transactional id. Each missing one is named.
 */
class PromoteAclIT {

    private static final String MODELS = "promote-acl.models";
    private static final String EXAMPLES = "promote-acl.examples";

    @TempDir
    Path tmp;

    private record Run(int exitCode, String err) {
    }

    private Run promote(final AclCluster cluster) throws Exception {
        final Properties props = new Properties();
        cluster.asUser("promoter", "promoter-pw").forEach((k, v) -> props.setProperty(k, v.toString()));
        props.setProperty(ScorerConfig.MODEL_PATH, AclCluster.modelFile().toString());
        props.setProperty(ScorerConfig.MODEL_TOPIC, MODELS);
        props.setProperty("scorer.examples.topic", EXAMPLES);
        props.setProperty("scorer.labels.topic", "promote-acl.labels"); // the scorer's file: examples need labels
        final Path config = tmp.resolve("promoter.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, null);
        }
        final StringWriter err = new StringWriter();
        final picocli.CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute("promote", "--config", config.toString(), "--min-examples", "1"), err.toString());
    }

    @Test
    void shouldNameEachMissingGrantAndPromoteWithAllOfThem() throws Exception {
        final AclCluster cluster = AclCluster.shared();
        cluster.createTopics(List.of(MODELS, EXAMPLES));
        final String shadow = Files.readString(AclCluster.modelFile()).replace("\"version\": \"7\"", "\"version\": \"8\"");
        cluster.produce(MODELS, Map.of(ModelTopicProtocol.SHADOW_KEY, shadow));
        final long now = System.currentTimeMillis();
        cluster.produce(EXAMPLES, Map.of("e-1", new String(ExampleJson.write(new Example("e-1", Label.SPAM, null, now, now,
                new ModelRef("tiny", "7"), 0.9, Label.SPAM, new Example.Shadow(new ModelRef("tiny", "8"), 0.9, Label.SPAM),
                Map.of())), StandardCharsets.UTF_8)));
        cluster.addUser("promoter", "promoter-pw");
        cluster.grant(List.of(
                AclCluster.allow("promoter", ResourceType.TOPIC, MODELS, PatternType.LITERAL, AclOperation.READ),
                AclCluster.allow("promoter", ResourceType.TOPIC, MODELS, PatternType.LITERAL, AclOperation.WRITE)));

        final Run noExamples = promote(cluster);
        assertEquals(2, noExamples.exitCode(), noExamples.err());
        assertTrue(noExamples.err().contains("not allowed to read examples topic " + EXAMPLES + " (scorer.examples.topic):"
                + " promote needs READ on it"), noExamples.err());

        cluster.grant(List.of(AclCluster.allow("promoter", ResourceType.TOPIC, EXAMPLES, PatternType.LITERAL, AclOperation.READ)));
        final Run noTransaction = promote(cluster);
        assertEquals(2, noTransaction.exitCode(), noTransaction.err());
        assertTrue(noTransaction.err().contains("not allowed to use transactional id spam-scorer-promote-" + MODELS
                + ": promoting needs WRITE and DESCRIBE on it"), noTransaction.err());

        final String txId = ModelTopicProtocol.promoteTransactionalId(MODELS);
        cluster.grant(List.of(
                AclCluster.allow("promoter", ResourceType.TRANSACTIONAL_ID, txId, PatternType.LITERAL, AclOperation.WRITE),
                AclCluster.allow("promoter", ResourceType.TRANSACTIONAL_ID, txId, PatternType.LITERAL, AclOperation.DESCRIBE)));
        final Run promoted = promote(cluster);
        assertEquals(0, promoted.exitCode(), promoted.err());
        final List<ConsumerRecord<String, String>> records = cluster.committed(List.of(MODELS));
        assertEquals(3, records.size(), records::toString);
        assertEquals("tiny", records.get(1).key());
        assertTrue(records.get(1).value().contains("\"version\": \"8\""), records.get(1).value());
        assertEquals(ModelTopicProtocol.SHADOW_KEY, records.get(2).key());
        assertNull(records.get(2).value());
    }
}
