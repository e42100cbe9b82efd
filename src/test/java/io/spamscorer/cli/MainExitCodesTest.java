package io.spamscorer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.model.ModelException;
import io.spamscorer.train.DatasetException;
import io.spamscorer.train.TopicReadException;
import io.spamscorer.train.TrainingException;
import org.junit.jupiter.api.Test;

/** Which failures end a command with one "error:" line, and with which exit code. */
class MainExitCodesTest {

    @Test
    void badInputOfEveryKindExitsTwo() {
        assertEquals(ExitCodes.BAD_INPUT, Main.exitCodeOf(new ConfigurationException("k: bad")));
        assertEquals(ExitCodes.BAD_INPUT, Main.exitCodeOf(new ModelException("weights[3]: bad")));
        assertEquals(ExitCodes.BAD_INPUT, Main.exitCodeOf(new DatasetException("x.csv line 2: bad")));
        assertEquals(ExitCodes.BAD_INPUT, Main.exitCodeOf(new TrainingException("no spam rows")));
    }

    @Test
    void aTopicTheClusterWouldNotServeExitsOneSoThatCallersRetry() {
        assertEquals(ExitCodes.FAILED, Main.exitCodeOf(new TopicReadException("cannot read examples: timed out")));
    }

    @Test
    void anyOtherFailureIsLeftToPicocliWithItsStackTrace() {
        assertEquals(ExitCodes.OK, Main.exitCodeOf(new IllegalStateException("bug")));
    }
}
