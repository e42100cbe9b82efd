package io.spamscorer.stream;

import io.spamscorer.model.ScoringException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds the dead-letter record for one failed input record, in the KIP-1034 format: the original key,
 * value bytes, timestamp and headers, plus {@code __streams.errors.exception}, {@code .message} (the reason),
 * {@code .stacktrace}, {@code .topic}, {@code .partition}, {@code .offset}, and {@code scorer.dlq.reason}
 * (the {@link Reason} class, for routing without parsing the message). A {@code too_large} raw message keeps only
 * its first {@value #TOO_LARGE_KEPT_BYTES} bytes, with {@value #HEADER_VALUE_BYTES} giving the original length.
 */
public final class DeadLetters {

    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";
    public static final String HEADER_REASON = "scorer.dlq.reason";
    /** On a dead letter whose value was cut: the original value's length in bytes, as decimal text. */
    public static final String HEADER_VALUE_BYTES = "scorer.dlq.value.bytes";
    /**
     * How much of a raw message over {@code scorer.email.max.bytes} ({@code too_large}) a dead letter keeps: enough for a message's header block (Message-ID,
     * From, Subject) to identify it; {@code __streams.errors.topic/partition/offset} lead to the whole value.
     * Copying all of it would double the scorer's memory per oversized record and need a dead-letter topic and
     * producer sized for the largest record any producer ever sends, or the send fails and the record with it.
     */
    public static final int TOO_LARGE_KEPT_BYTES = 64 * 1024;

    /** Config key under which the topology hands its {@link ScoringListener} to the exception handlers. */
    public static final String LISTENER_CONFIG = "scorer.internal.listener";

    private DeadLetters() {
    }

    static String topic(final Map<String, ?> configs) {
        final Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                    + " is not set; spam-scorer dead-letters every record it cannot score");
        }
        return topic.toString();
    }

    static ScoringListener listener(final Map<String, ?> configs) {
        return configs.get(LISTENER_CONFIG) instanceof ScoringListener l ? l : ScoringListener.NONE;
    }

    /** The reason class of an exception thrown while deserializing or scoring. */
    public static Reason reasonOf(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecordException ire) {
                return ire.reason();
            }
            if (t instanceof ScoringException) {
                return Reason.UNSCORABLE;
            }
        }
        return Reason.INTERNAL;
    }

    /** The human-readable reason: our own message, or the exception class and message for unexpected failures. */
    public static String messageOf(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecordException || t instanceof ScoringException) {
                return t.getMessage();
            }
        }
        return e.getClass().getName() + ": " + e.getMessage();
    }

    static ProducerRecord<byte[], byte[]> build(final String dlqTopic, final ErrorHandlerContext ctx, final byte[] key,
                                                final byte[] value, final Exception e) {
        final Headers headers = new RecordHeaders();
        if (ctx.headers() != null) {
            for (final Header h : ctx.headers()) {
                headers.add(h);
            }
        }
        headers.add(HEADER_EXCEPTION, utf8(e.getClass().getName()));
        headers.add(HEADER_MESSAGE, utf8(messageOf(e)));
        headers.add(HEADER_STACKTRACE, utf8(stackTrace(e)));
        headers.add(HEADER_TOPIC, utf8(ctx.topic()));
        headers.add(HEADER_PARTITION, utf8(String.valueOf(ctx.partition())));
        headers.add(HEADER_OFFSET, utf8(String.valueOf(ctx.offset())));
        headers.add(HEADER_REASON, utf8(reasonOf(e).label()));
        byte[] kept = value;
        if (headOnly(e) && value != null && value.length > TOO_LARGE_KEPT_BYTES) {
            kept = Arrays.copyOf(value, TOO_LARGE_KEPT_BYTES);
            headers.add(HEADER_VALUE_BYTES, utf8(Integer.toString(value.length)));
        }
        return new ProducerRecord<>(dlqTopic, null, ctx.timestamp(), key, kept, headers);
    }

    private static boolean headOnly(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecordException ire) {
                return ire.headOnly();
            }
        }
        return false;
    }

    private static String stackTrace(final Throwable e) {
        final StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static byte[] utf8(final String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
