package io.spamscorer.stream;

import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.ModelHolder;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
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
 */
public final class ScoringTopology {

    private ScoringTopology() {
    }

    public static Topology build(final ScorerConfig config, final ModelHolder models, final ScoringListener listener) {
        return config.inputFormat() == InputFormat.EMAIL ? email(config, models, listener) : features(config, models, listener);
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
                .to(config.outputTopic(),
                        Produced.with(Serdes.ByteArray(), OneWaySerde.writing(new ScoredRecordSerializer()))
                                .withName("scored-emails"));
        return builder.build(config.streamsProperties());
    }

    /** The Streams properties for this topology, with the listener handed to the exception handlers. */
    public static Properties streamsProperties(final ScorerConfig config, final ScoringListener listener) {
        final Properties p = config.streamsProperties();
        p.put(DeadLetters.LISTENER_CONFIG, listener);
        return p;
    }
}
