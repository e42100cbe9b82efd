package io.spamscorer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The feedback loop's keys: scorer.labels.*, scorer.examples.topic, scorer.shadow.topic. */
class FeedbackConfigTest {

    private static ScorerConfig config(final String... kv) {
        final Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        for (int i = 0; i < kv.length; i += 2) {
            values.put(kv[i], kv[i + 1]);
        }
        return ScorerConfig.of(values);
    }

    private static String refused(final String... kv) {
        return assertThrows(ConfigurationException.class, () -> config(kv)).getMessage();
    }

    @Test
    void shouldLeaveTheFeedbackLoopOffByDefault() {
        final ScorerConfig c = config();
        assertEquals(Optional.empty(), c.labelsTopic());
        assertEquals(Optional.empty(), c.examplesTopic());
        assertEquals(Optional.empty(), c.shadowTopic());
        assertEquals(Duration.ofDays(7), c.labelsRetention());
        assertEquals(4, c.labelsPartitions());
        assertEquals(List.of("emails.features", "emails.scored", "emails.features.dlq", "spam-scorer.models"), c.allTopics());
    }

    @Test
    void shouldListTheFeedbackTopicsAmongAllTopics() {
        final ScorerConfig c = config(ScorerConfig.LABELS_TOPIC, "l", ScorerConfig.EXAMPLES_TOPIC, "x",
                ScorerConfig.SHADOW_TOPIC, "s", ScorerConfig.LABELS_RETENTION, "36h", ScorerConfig.LABELS_PARTITIONS, "12");
        assertEquals(List.of("emails.features", "emails.scored", "emails.features.dlq", "spam-scorer.models", "l", "x", "s"),
                c.allTopics());
        assertEquals(Duration.ofHours(36), c.labelsRetention());
        assertEquals(12, c.labelsPartitions());
    }

    @Test
    void shouldRefuseAnExamplesTopicWithoutALabelsTopicAndSayWhy() {
        final String m = refused(ScorerConfig.EXAMPLES_TOPIC, "x");
        assertTrue(m.startsWith("scorer.examples.topic = 'x'"), m);
        assertTrue(m.contains("needs scorer.labels.topic"), m);
    }

    @Test
    void shouldRefuseFeedbackTopicsThatCollideWithOthersNamingTheKeys() {
        final String m = refused(ScorerConfig.LABELS_TOPIC, "emails.scored");
        assertTrue(m.contains("scorer.labels.topic") && m.contains("must be different topics"), m);
        final String n = refused(ScorerConfig.LABELS_TOPIC, "l", ScorerConfig.SHADOW_TOPIC, "l");
        assertTrue(n.contains("scorer.shadow.topic") && n.contains("must be different topics"), n);
        final String o = refused(ScorerConfig.SHADOW_TOPIC, "emails.scored");
        assertTrue(o.contains("scorer.shadow.topic"), o);
    }

    @Test
    void shouldRefuseBadFeedbackValuesNamingTheKey() {
        assertTrue(refused(ScorerConfig.LABELS_TOPIC, "bad topic").startsWith("scorer.labels.topic = 'bad topic'"));
        assertTrue(refused(ScorerConfig.SHADOW_TOPIC, "a/b").startsWith("scorer.shadow.topic"));
        final String r = refused(ScorerConfig.LABELS_RETENTION, "30s");
        assertTrue(r.startsWith("scorer.labels.retention = '30s'") && r.contains("at least 60s"), r);
        assertTrue(refused(ScorerConfig.LABELS_RETENTION, "a week").startsWith("scorer.labels.retention"));
        final String p = refused(ScorerConfig.LABELS_PARTITIONS, "0");
        assertTrue(p.startsWith("scorer.labels.partitions = '0'") && p.contains("between 1 and"), p);
    }
}
