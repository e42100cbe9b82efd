package io.spamscorer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** A finite number >= {@code min}; NaN and the infinities are refused, as no option means them. */
    static void finiteAtLeast(final CommandSpec spec, final String option, final double value, final double min) {
        if (!Double.isFinite(value) || value < min) {
            throw bad(spec, option + " must be a finite number >= " + plain(min) + ", got " + value);
        }
    }

    /** A finite number > {@code min}. */
    static void finiteAbove(final CommandSpec spec, final String option, final double value, final double min) {
        if (!Double.isFinite(value) || value <= min) {
            throw bad(spec, option + " must be a finite number > " + plain(min) + ", got " + value);
        }
    }

    /**
     * Refuses {@code output} when it names the same file as {@code input}, also through another path (a link,
     * {@code ./}, {@code ..}): writing it would destroy the input before it was fully used.
     */
    static void notSameFile(final CommandSpec spec, final String outputOption, final Path output,
                            final String inputOption, final Path input) {
        final boolean same;
        try {
            same = Files.exists(output) && Files.exists(input) ? Files.isSameFile(output, input)
                    : output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize());
        } catch (final IOException e) {
            throw bad(spec, "cannot compare " + outputOption + " " + output + " with " + inputOption + " " + input + ": " + e.getMessage());
        }
        if (same) {
            throw bad(spec, outputOption + " " + output + " is the same file as " + inputOption + " " + input
                    + "; refusing to overwrite it");
        }
    }

    private static String plain(final double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static ParameterException bad(final CommandSpec spec, final String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
