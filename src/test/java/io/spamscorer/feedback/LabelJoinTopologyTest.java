package io.spamscorer.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.Neuron;
import io.spamscorer.stream.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The join's semantics through TopologyTestDriver: late, early, repeated and contradicting labels, unknown ids, the
 * retention, and bad labels dead-lettered.
 */
class LabelJoinTopologyTest extends FeedbackTopologyTestBase {

    @Test
    void shouldJoinALabelThatComesDaysAfterItsScoreAndWriteTheExampleWithItsFeatures() {
        start(Map.of());
        input.pipeInput(null, utf8("{\"id\":\"m1\",\"features\":[1.0,0,2.0]}"), T0);
        output.readRecord();
        assertEquals(1, of(LIVE, T0).awaitingLabel());

        final Instant later = T0.plus(Duration.ofDays(3));
        label("m1", "spam", later);

        final Example e = example();
        assertEquals("m1", e.id());
        assertEquals(Example.Label.SPAM, e.label());
        assertEquals("user", e.labelSource());
        assertEquals(later.toEpochMilli(), e.labelAt());
        assertEquals(LIVE, e.model());
        assertEquals(Example.Label.SPAM, e.predicted());
        assertEquals(Neuron.sigmoid(2.0 * 1.0 + 0.5 * 2.0 - 0.5), e.spamProbability(), 1e-12);
        assertTrue(e.scoredAt() > 0);
        assertNull(e.shadow(), "no shadow was published");
        assertEquals(Map.of("a", 1.0, "c", 2.0), e.features(), "named, non-zero features only");
        final ModelQuality q = of(LIVE, later);
        assertEquals(new QualityCounts(1, 0, 0, 0), q.total());
        assertEquals(0, q.awaitingLabel());
        assertNotNull(joinStore().get("m1"));
    }

    @Test
    void shouldJoinALabelThatComesBeforeItsScore() {
        start(Map.of());
        label("m1", "ham", T0);
        assertTrue(examples.isEmpty());
        assertEquals(1, quality(T0).unmatchedLabels());
        assertTrue(quality(T0).read().isEmpty(), "a label alone counts for no model");

        score("m1", SPAMMY, T0.plus(Duration.ofMinutes(10)));

        final Example e = example();
        assertEquals(Example.Label.HAM, e.label());
        assertEquals(Example.Label.SPAM, e.predicted());
        assertEquals(T0.toEpochMilli(), e.labelAt());
        assertEquals(new QualityCounts(0, 1, 0, 0), of(LIVE, T0).total());
        assertEquals(0, of(LIVE, T0).awaitingLabel());
        assertEquals(0, quality(T0).unmatchedLabels());
    }

    @Test
    void shouldCountARepeatedLabelOnceAndWriteNoSecondExample() {
        start(Map.of());
        score("m1", HAMMY, T0);
        label("m1", "ham", T0.plusSeconds(60));
        label("m1", "ham", T0.plusSeconds(120));
        label("m1", "ham", T0.plusSeconds(180));

        assertEquals(Example.Label.HAM, example().label());
        assertTrue(examples.isEmpty(), "the effective label did not change");
        assertEquals(new QualityCounts(0, 0, 1, 0), of(LIVE, T0).total());
    }

    @Test
    void shouldCorrectTheCountsOfLiveAndShadowWhenALaterLabelContradicts() {
        start(Map.of());
        models.swapShadow(shadowModel);
        score("m1", SPAMMY, T0);
        assertEquals("tiny-shadow", ExampleJsonTestSupport.field(shadow.readValue(), "model.name"));

        label("m1", "spam", T0.plusSeconds(60));
        final Example first = example();
        assertEquals(Example.Label.SPAM, first.label());
        assertEquals(CHALLENGER, first.shadow().model());
        assertEquals(Example.Label.HAM, first.shadow().predicted());
        assertEquals(new QualityCounts(1, 0, 0, 0), of(LIVE, T0).total());
        assertEquals(new QualityCounts(0, 0, 0, 1), of(CHALLENGER, T0).total());

        label("m1", "ham", T0.plusSeconds(120));
        final Example second = example();
        assertEquals(Example.Label.HAM, second.label(), "the latest label wins");
        assertEquals(new QualityCounts(0, 1, 0, 0), of(LIVE, T0).total(), "spam retracted, ham added for live");
        assertEquals(new QualityCounts(0, 0, 1, 0), of(CHALLENGER, T0).total(), "and for the shadow that scored it");
        assertEquals(new QualityCounts(0, 1, 0, 0), of(LIVE, T0.plusSeconds(180)).lastHour());
        assertEquals(new QualityCounts(0, 0, 1, 0), of(CHALLENGER, T0.plusSeconds(180)).lastDay());
    }

    @Test
    void shouldKeepALabelForAnUnknownIdUncountedUntilItExpires() {
        start(Map.of());
        label("ghost", "spam", T0);
        assertEquals(1, quality(T0).unmatchedLabels());
        assertNotNull(joinStore().get("ghost"));

        // another record moves stream time past the retention: the lone label expires
        score("other", SPAMMY, T0.plus(Duration.ofDays(8)));
        assertEquals(0, quality(T0).unmatchedLabels());
        assertNull(joinStore().get("ghost"));

        score("ghost", SPAMMY, T0.plus(Duration.ofDays(8)).plusSeconds(60));
        assertTrue(examples.isEmpty(), "the expired label does not join the late score");
        assertEquals(QualityCounts.ZERO, of(LIVE, T0).total());
        assertEquals(2, of(LIVE, T0).awaitingLabel());
    }

    @Test
    void shouldNotJoinALabelThatComesAfterTheRetention() {
        start(Map.of());
        score("m1", SPAMMY, T0);
        label("m1", "spam", T0.plus(Duration.ofDays(7)).plusMillis(1));

        assertTrue(examples.isEmpty());
        assertEquals(QualityCounts.ZERO, of(LIVE, T0).total());
        assertEquals(0, of(LIVE, T0).awaitingLabel(), "the score expired unlabelled");
        assertEquals(1, quality(T0).unmatchedLabels(), "the label now waits for a score of its own");
    }

    @Test
    void shouldJoinALabelAtTheEdgeOfAShortRetention() {
        start(Map.of(ScorerConfig.LABELS_RETENTION, "10m"));
        score("m1", SPAMMY, T0);
        label("m1", "spam", T0.plus(Duration.ofMinutes(10)));
        assertEquals(Example.Label.SPAM, example().label());
        score("m2", SPAMMY, T0.plus(Duration.ofMinutes(11)));
        label("m2", "spam", T0.plus(Duration.ofMinutes(21)).plusMillis(1));
        assertTrue(examples.isEmpty());
    }

    static Stream<Arguments> badLabels() {
        return Stream.of(
                Arguments.of("m1", "not json", "not_json", "label value is not JSON"),
                Arguments.of("m1", "[\"m1\",\"spam\"]", "not_object", "not a JSON object"),
                Arguments.of(null, "{\"label\":\"spam\"}", "bad_id", "id must be a non-blank string"),
                Arguments.of("m1", "{\"id\":\"m1\"}", "bad_label", "label is missing"),
                Arguments.of("m1", "{\"id\":\"m1\",\"label\":\"maybe\"}", "bad_label", "label must be \"spam\" or \"ham\""),
                Arguments.of("m2", "{\"id\":\"m1\",\"label\":\"spam\"}", "bad_id", "id does not match the record key"),
                Arguments.of("m1", "{\"id\":\"m1\",\"label\":\"spam\",\"at\":\"yesterday\"}", "bad_label", "at must be"),
                Arguments.of("m1", "{\"id\":\"m1\",\"label\":\"spam\",\"at\":-5}", "bad_label", "at must be"),
                Arguments.of("m1", "{\"id\":\"m1\",\"label\":\"spam\",\"source\":7}", "bad_label", "source must be a string"),
                Arguments.of("m1", null, "tombstone", "label value is null"));
    }

    @ParameterizedTest
    @MethodSource("badLabels")
    void shouldDeadLetterABadLabelWithAReasonNamingTheField(final String key, final String value, final String reason,
                                                            final String message) {
        start(Map.of());
        score("m1", SPAMMY, T0);
        labels.pipeInput(key == null ? null : utf8(key), value == null ? null : utf8(value), T0.plusSeconds(5));

        final TestRecord<byte[], byte[]> r = dlq.readRecord();
        assertEquals(reason, header(r, DeadLetters.HEADER_REASON));
        assertTrue(header(r, DeadLetters.HEADER_MESSAGE).contains(message), header(r, DeadLetters.HEADER_MESSAGE));
        assertEquals(LABELS, header(r, DeadLetters.HEADER_TOPIC));
        assertArrayEquals(value == null ? null : utf8(value), r.value(), "the dead letter keeps the label's bytes");
        assertTrue(examples.isEmpty());
        assertEquals(QualityCounts.ZERO, of(LIVE, T0).total());
        assertEquals(1, of(LIVE, T0).awaitingLabel());
        // the join goes on after a bad label
        labels.pipeInput(null, utf8("{\"id\":\"m1\",\"label\":\"spam\",\"at\":" + T0.toEpochMilli() + "}"), T0.plusSeconds(9));
        assertEquals(Example.Label.SPAM, example().label());
    }
}
