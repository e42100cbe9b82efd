package io.spamscorer.stream;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every input value that cannot be parsed to {@code errors.dead.letter.queue.topic.name} and continues.
 * Logs only coordinates, at DEBUG: record contents never reach the log.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String dlqTopic;
    private ScoringListener listener = ScoringListener.NONE;

    @Override
    public void configure(final Map<String, ?> configs) {
        dlqTopic = DeadLetters.topic(configs);
        listener = DeadLetters.listener(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext ctx, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        final Reason reason = DeadLetters.reasonOf(exception);
        if (LOG.isDebugEnabled()) {
            LOG.debug("dead-lettering {}-{}@{}: {}", ctx.topic(), ctx.partition(), ctx.offset(), reason.label());
        }
        listener.deadLettered(reason);
        return Response.resume(List.of(DeadLetters.build(dlqTopic, ctx, record.key(), record.value(), exception)));
    }
}
