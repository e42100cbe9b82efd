package io.spamscorer.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of command options, refused as usage errors ({@link ExitCodes#BAD_INPUT}) with one message naming
 * the option and the value given. The exception carries the command's own {@link CommandSpec}, so picocli prints
 * the message and that command's usage to the command line's configured error writer.
 */
final class OptionChecks {

    private OptionChecks() {
    }

    static void atLeast(final CommandSpec spec, final String option, final long value, final long min) {
        if (value < min) {
            throw bad(spec, option + " must be >= " + min + ", got " + value);
        }
    }

    static void atLeast(final CommandSpec spec, final String option, final double value, final long min) {
        if (value < min) {
            throw bad(spec, option + " must be >= " + min + ", got " + value);
        }
    }

    /** {@link #atLeast} {@code min} and at most {@code max}; each bound is refused with its own message. */
    static void within(final CommandSpec spec, final String option, final long value, final long min, final long max) {
        atLeast(spec, option, value, min);
        if (value > max) {
            throw bad(spec, option + " must be <= " + max + ", got " + value);
        }
    }

    static ParameterException bad(final CommandSpec spec, final String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
