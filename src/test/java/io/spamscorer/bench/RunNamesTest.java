package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The topic and group names of one run, as BenchRunner's javadoc and BENCHMARKS.md give them. */
class RunNamesTest {

    @Test
    void shouldNameEveryTopicAndGroupAfterTheRunIdAndTheTag() {
        final RunNames names = new RunNames("bench-x1");
        assertEquals("bench-x1-in", names.in());
        assertEquals("bench-x1-mail-in", names.mailIn());
        assertEquals("bench-x1-lat-half-in", names.latencyIn("lat-half"));
        assertEquals("bench-x1-c3", names.group("c3"));
        assertEquals("bench-x1-out-c3", names.out("c3"));
        assertEquals("bench-x1-dlq-c3", names.dlq("c3"));
    }

    @Test
    void shouldStartTheIdWithBenchSoThatTheRunsTopicsShareAPrefix() {
        assertTrue(RunNames.startingNow().id().matches("bench-[0-9a-z]+"));
    }
}
