package io.spamscorer.stream;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every record whose scoring failed to {@code errors.dead.letter.queue.topic.name}, with the raw source
 * key and value, and continues. Unexpected exceptions are dead-lettered too (with their stack trace) and logged
 * at WARN, because they point at a bug rather than at bad input.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private String dlqTopic;
    private ScoringListener listener = ScoringListener.NONE;

    @Override
    public void configure(final Map<String, ?> configs) {
        dlqTopic = DeadLetters.topic(configs);
        listener = DeadLetters.listener(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext ctx, final Record<?, ?> record, final Exception exception) {
        final Reason reason = DeadLetters.reasonOf(exception);
        if (reason == Reason.INTERNAL) {
            LOG.warn("unexpected error scoring {}-{}@{}; dead-lettering it", ctx.topic(), ctx.partition(), ctx.offset(), exception);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("dead-lettering {}-{}@{}: {}", ctx.topic(), ctx.partition(), ctx.offset(), reason.label());
        }
        listener.deadLettered(reason);
        return Response.resume(List.of(DeadLetters.build(dlqTopic, ctx, ctx.sourceRawKey(), ctx.sourceRawValue(), exception)));
    }
}
