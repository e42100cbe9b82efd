package io.spamscorer.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import io.spamscorer.kafka.TopicMetadata;
import io.spamscorer.stream.DeadLetters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The EosTestDriver-style check: read output and dead-letter topics {@code read_committed} to the end and compare
 * with the {@link Ledger}. Every acknowledged id must have exactly one result (or at least one, when duplicates are
 * allowed): an output record whose spamProbability equals the independently computed one, or a dead letter with
 * the expected reason for a malformed record; never both, never an unknown id. No partition may be left with an
 * open transaction (last stable offset below the high watermark).
 */
final class Verifier {

    /** Outcome of one verification; {@code problems} is empty when the run passed. */
    record Result(int outputRecords, int deadLetters, int verifiedIds, int duplicateIds, int duplicateRecords,
                  int missingIds, int unknownIds, int wrongValues, int hangingPartitions, int failedSendsSeen,
                  List<String> problems) {
    }

    private final Map<String, Object> clientProps;
    private final String output;
    private final String dlq;

    Verifier(final Map<String, Object> clientProps, final String output, final String dlq) {
        this.clientProps = clientProps;
        this.output = output;
        this.dlq = dlq;
    }

    /** Reads both topics from the start until every acked id was seen once (or the timeout), for the catch-up phase. */
    boolean awaitAllResults(final Ledger ledger, final Duration timeout) throws InterruptedException {
        final Set<String> missing = new HashSet<>(ledger.ackedIds());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    missing.remove(string(r.key()));
                }
            }
        }
        return missing.isEmpty();
    }

    Result verify(final Ledger ledger, final Offsets offsets, final boolean duplicatesAllowed) throws InterruptedException {
        final List<String> problems = new ArrayList<>();
        final List<String> topics = List.of(output, dlq);

        final Map<TopicPartition, Long> committed = offsets.ends(topics, IsolationLevel.READ_COMMITTED);
        final Map<TopicPartition, Long> uncommitted = offsets.ends(topics, IsolationLevel.READ_UNCOMMITTED);
        int hanging = 0;
        if (committed == null || uncommitted == null) {
            problems.add("cannot list end offsets for the hanging-transaction check");
        } else {
            for (final Map.Entry<TopicPartition, Long> e : uncommitted.entrySet()) {
                final long lso = committed.getOrDefault(e.getKey(), -1L);
                if (lso != e.getValue()) {
                    hanging++;
                    problems.add("hanging transaction on " + e.getKey() + ": last stable offset " + lso
                            + " < end offset " + e.getValue());
                }
            }
        }

        final List<ConsumerRecord<byte[], byte[]>> records = readToEnd();
        final Map<String, Integer> seen = new HashMap<>();
        int outputs = 0;
        int deadLetters = 0;
        int wrong = 0;
        int unknown = 0;
        int failedSendsSeen = 0;
        for (final ConsumerRecord<byte[], byte[]> r : records) {
            final String key = string(r.key());
            final boolean isDlq = r.topic().equals(dlq);
            if (isDlq) {
                deadLetters++;
            } else {
                outputs++;
            }
            if (key == null || !ledger.wasSent(key)) {
                unknown++;
                problems.add("unknown id " + key + " on " + r.topic() + "-" + r.partition() + "@" + r.offset());
                continue;
            }
            seen.merge(key, 1, Integer::sum);
            if (!ledger.isAcked(key)) {
                failedSendsSeen++;
            }
            final Ledger.Expectation e = ledger.expectation(key);
            final String problem = isDlq ? checkDeadLetter(e, r) : checkOutput(e, r);
            if (problem != null) {
                wrong++;
                problems.add(problem);
            }
        }
        int dupIds = 0;
        int dupRecords = 0;
        for (final Map.Entry<String, Integer> e : seen.entrySet()) {
            if (e.getValue() > 1) {
                dupIds++;
                dupRecords += e.getValue() - 1;
                if (!duplicatesAllowed) {
                    problems.add("duplicate: " + e.getKey() + " x" + e.getValue());
                }
            }
        }
        int missing = 0;
        for (final String id : ledger.ackedIds()) {
            if (!seen.containsKey(id)) {
                missing++;
                problems.add("missing: acknowledged id " + id + " has neither an output record nor a dead letter");
            }
        }
        return new Result(outputs, deadLetters, (int) ledger.ackedIds().stream().filter(seen::containsKey).count(),
                dupIds, dupRecords, missing, unknown, wrong, hanging, failedSendsSeen, problems);
    }

    private static String checkOutput(final Ledger.Expectation e, final ConsumerRecord<byte[], byte[]> r) {
        if (e.malformed()) {
            return e.id() + " (malformed, expected reason " + e.reason() + ") reached the output topic";
        }
        final JsonNode value;
        try {
            value = Json.mapper().readTree(r.value());
        } catch (final IOException | RuntimeException ex) {
            return e.id() + ": output value is not JSON: " + ex.getMessage();
        }
        if (!e.id().equals(value.path("id").asText())) {
            return e.id() + ": output id is " + value.path("id");
        }
        final JsonNode p = value.get("spamProbability");
        if (p == null || !p.isNumber() || Double.compare(p.doubleValue(), e.probability()) != 0) {
            return e.id() + ": spamProbability " + p + " != expected " + e.probability() + " (" + e.shape() + ")";
        }
        return null;
    }

    private static String checkDeadLetter(final Ledger.Expectation e, final ConsumerRecord<byte[], byte[]> r) {
        final Header reason = r.headers().lastHeader(DeadLetters.HEADER_REASON);
        final Header message = r.headers().lastHeader(DeadLetters.HEADER_MESSAGE);
        final String actual = reason == null ? null : string(reason.value());
        if (!e.malformed()) {
            return e.id() + " (valid, " + e.shape() + ") was dead-lettered: " + actual + " / "
                    + (message == null ? null : string(message.value()));
        }
        if (!e.reason().equals(actual)) {
            return e.id() + ": dead-letter reason " + actual + ", expected " + e.reason();
        }
        if (message == null || string(message.value()).isBlank()) {
            return e.id() + ": dead letter without " + DeadLetters.HEADER_MESSAGE;
        }
        return null;
    }

    private List<ConsumerRecord<byte[], byte[]>> readToEnd() throws InterruptedException {
        final List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            final Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
            final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read output and DLQ to their end offsets " + end + " within 120 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        final Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        final KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicMetadata.assignFromBeginning(consumer, List.of(output, dlq), Duration.ofSeconds(30));
        return consumer;
    }

    private static String string(final byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
