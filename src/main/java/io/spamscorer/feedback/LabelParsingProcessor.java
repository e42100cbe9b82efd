package io.spamscorer.feedback;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses each labels-topic record into a {@link LabelEvent} keyed by its id (UTF-8). Parsing happens here, not in a
 * deserializer, for the reason {@code ScoringProcessor} gives: under exactly-once a record skipped by the
 * deserialization handler would not advance the committed offset, while a failure thrown here is dead-lettered by
 * the processing exception handler in the same transaction as the offset.
 */
final class LabelParsingProcessor implements Processor<byte[], byte[], byte[], JoinEvent> {

    private ProcessorContext<byte[], JoinEvent> context;

    @Override
    public void init(final ProcessorContext<byte[], JoinEvent> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final LabelEvent label = LabelParser.parse(record.key(), record.value(), record.timestamp());
        context.forward(record.withKey(label.id().getBytes(StandardCharsets.UTF_8)).withValue((JoinEvent) label));
    }
}
