package io.spamscorer.cli;

/** Process exit codes shared by all commands. */
final class ExitCodes {

    static final int OK = 0;
    /** The job ran but failed (e.g. stream threads kept dying), or some input lines could not be scored. */
    static final int FAILED = 1;
    /** Bad usage, configuration, model or data: fix the input and rerun. */
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
