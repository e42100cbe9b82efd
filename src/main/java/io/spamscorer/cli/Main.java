package io.spamscorer.cli;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.model.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spam-scorer} command line: one subcommand per job. Wires and runs; owns no logic. */
@Command(name = "spam-scorer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Scores email feature records for spam in real time with Kafka Streams.",
        subcommands = {RunCommand.class, ScoreCommand.class, DemoCommand.class, TrainCommand.class, EvaluateCommand.class,
                PublishModelCommand.class, BenchCommand.class,
                LocalKafkaCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        final CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigurationException || e instanceof ModelException || isBadInput(e)) {
                commandLine.getErr().println("error: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            throw e;
        });
        return cmd;
    }

    /** Other commands' input errors (e.g. bad training data) are reported the same way, without a stack trace. */
    private static boolean isBadInput(final Exception e) {
        return e.getClass().getSimpleName().endsWith("DataException") || e.getClass().getSimpleName().equals("DatasetException");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"spam-scorer " + (v == null ? "dev" : v)};
        }
    }
}
