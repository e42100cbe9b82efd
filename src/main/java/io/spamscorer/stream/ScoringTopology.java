package io.spamscorer.stream;

import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.FeedbackTopology;
import io.spamscorer.feedback.JoinEvent;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.ModelHolder;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The scoring topology, a pure function of its configuration (no IO):
 * {@code scorer.input.topic} (key: bytes, value: UTF-8 JSON features) → parse and score →
 * {@code scorer.output.topic} (key: input key or id, value: UTF-8 JSON score). Records that fail parsing or
 * scoring are sent by the processing exception handler to {@code scorer.dlq.topic} with their original bytes and
 * a reason; the deserialization handler dead-letters the same way should a Streams-level read ever fail.
 *
 * <p>With {@code scorer.input.format=email} the input value is a raw RFC 5322 message (key: bytes, usually the
 * message id) and {@link EmailScoringProcessor} parses, featurizes and scores it; the output and dead-letter contract
 * is the same. With {@code scorer.features.topic} set, the processor's second sink writes each extracted vector there
 * as a named feature record (key and headers as the output), in the same transaction.
 *
 * <p>With {@code scorer.shadow.topic} or {@code scorer.labels.topic} set (issue 13), the same scoring nodes also
 * send a published shadow model's result to {@code scorer.shadow.topic} (same key and JSON contract as the output)
 * and score events to the labels join of {@link FeedbackTopology}, whose examples go to {@code scorer.examples.topic}.
 * Without them the topology is exactly the scoring-only one.
 */
public final class ScoringTopology {

    /** The sink of the shadow model's scored records, present only with {@code scorer.shadow.topic}. */
    static final String SHADOW = "shadow-scored";

    /**
     * Where the scoring processor sends what the feedback loop needs, by child name: the live result, the shadow's
     * result (null when no shadow topic), the join's score events (null when the labels join is off), and whether those
     * carry the named features (with {@code scorer.examples.topic}).
     */
    record Routes(String output, String shadow, String join, boolean captureFeatures) {
    }

    private ScoringTopology() {
    }

    public static Topology build(final ScorerConfig config, final ModelHolder models, final ScoringListener listener) {
        if (config.labelsTopic().isPresent() || config.shadowTopic().isPresent()) {
            return feedback(config, models, listener);
        }
        // Without the feedback keys the topology is node for node what it was, so deployments keep state and offsets.
        return config.inputFormat() == InputFormat.EMAIL ? email(config, models, listener) : features(config, models, listener);
    }

    /**
     * Scoring plus the feedback loop: the live result to the output topic as always, the shadow's to
     * {@code scorer.shadow.topic}, and score events to the labels join ({@link FeedbackTopology}). Node names of the
     * scoring part are the ones of the plain topologies.
     */
    private static Topology feedback(final ScorerConfig config, final ModelHolder models, final ScoringListener listener) {
        final StreamsBuilder builder = new StreamsBuilder();
        final boolean email = config.inputFormat() == InputFormat.EMAIL;
        final String output = email ? EmailScoringProcessor.OUTPUT : "scored-emails";
        final Routes routes = new Routes(output, config.shadowTopic().isPresent() ? SHADOW : null,
                config.labelsTopic().isPresent() ? FeedbackTopology.scoresChild() : null,
                config.examplesTopic().isPresent());
        final KStream<byte[], Object> scored;
        if (email) {
            final EmailScoring scoring = new EmailScoring(new EmailParser(config.emailLimits()), new Scorer(config.explainTop()));
            final boolean features = config.featuresTopic().isPresent();
            scored = builder.stream(config.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-emails"))
                    .process(() -> new EmailScoringProcessor(scoring, models, features, listener, routes), Named.as("score-email"));
            config.featuresTopic().ifPresent(topic -> scored.to(topic,
                    Produced.with(Serdes.ByteArray(), writing(new ByteArraySerializer(), byte[].class))
                            .withName(EmailScoringProcessor.FEATURES)));
        } else {
            final RecordParser parser = new RecordParser(config.missingFeatures());
            final Scorer scorer = new Scorer(config.explainTop());
            scored = builder.stream(config.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("email-features"))
                    .process(() -> new ScoringProcessor(parser, models, scorer, listener, routes), Named.as("score"));
        }
        scored.to(config.outputTopic(), Produced.with(Serdes.ByteArray(), scoredRecords()).withName(output));
        config.shadowTopic().ifPresent(topic ->
                scored.to(topic, Produced.with(Serdes.ByteArray(), scoredRecords()).withName(SHADOW)));
        if (config.labelsTopic().isPresent()) {
            FeedbackTopology.add(builder, config, joinEvents(scored));
        }
        return builder.build(config.streamsProperties());
    }

    /**
     * The scorer's stream as the join's: only {@link io.spamscorer.feedback.ScoreEvent}s are forwarded to the join's
     * child ({@link Routes#join()}), the other children take the other types.
     */
    @SuppressWarnings("unchecked")
    private static KStream<byte[], JoinEvent> joinEvents(final KStream<byte[], ?> scored) {
        return (KStream<byte[], JoinEvent>) scored;
    }

    private static Serde<Object> scoredRecords() {
        return writing(new ScoredRecordSerializer(), ScoredRecord.class);
    }

    /** A sink serde for a processor whose children take different value types: each sink casts to its own. */
    private static <T> Serde<Object> writing(final Serializer<T> serializer, final Class<T> type) {
        return OneWaySerde.writing((topic, value) -> serializer.serialize(topic, type.cast(value)));
    }

    private static Topology email(final ScorerConfig config, final ModelHolder models, final ScoringListener listener) {
        final Topology t = new Topology(new TopologyConfig(new StreamsConfig(config.streamsProperties())));
        final EmailScoring scoring = new EmailScoring(new EmailParser(config.emailLimits()), new Scorer(config.explainTop()));
        final boolean features = config.featuresTopic().isPresent();
        t.addSource("raw-emails", new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
        t.addProcessor("score-email", () -> new EmailScoringProcessor(scoring, models, features, listener), "raw-emails");
        t.addSink(EmailScoringProcessor.OUTPUT, config.outputTopic(), new ByteArraySerializer(), new ScoredRecordSerializer(),
                "score-email");
        config.featuresTopic().ifPresent(topic -> t.addSink(EmailScoringProcessor.FEATURES, topic,
                new ByteArraySerializer(), new ByteArraySerializer(), "score-email"));
        return t;
    }

    private static Topology features(final ScorerConfig config, final ModelHolder models, final ScoringListener listener) {
        final StreamsBuilder builder = new StreamsBuilder();
        final RecordParser parser = new RecordParser(config.missingFeatures());
        final Scorer scorer = new Scorer(config.explainTop());
        builder.stream(config.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("email-features"))
                .process(() -> new ScoringProcessor(parser, models, scorer, listener), Named.as("score"))
                .to(config.outputTopic(), Produced.with(Serdes.ByteArray(), scoredRecords()).withName("scored-emails"));
        return builder.build(config.streamsProperties());
    }

    /** The Streams properties for this topology, with the listener handed to the exception handlers. */
    public static Properties streamsProperties(final ScorerConfig config, final ScoringListener listener) {
        final Properties p = config.streamsProperties();
        p.put(DeadLetters.LISTENER_CONFIG, listener);
        return p;
    }
}
