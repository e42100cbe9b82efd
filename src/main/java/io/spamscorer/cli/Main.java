package io.spamscorer.cli;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.model.ModelException;
import io.spamscorer.train.DatasetException;
import io.spamscorer.train.TopicReadException;
import io.spamscorer.train.TrainingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spam-scorer} command line: one subcommand per job. Wires and runs; owns no logic. */
@Command(name = "spam-scorer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Scores email feature records for spam in real time with Kafka Streams.",
        subcommands = {RunCommand.class, ScoreCommand.class, DemoCommand.class, TrainCommand.class, EvaluateCommand.class,
                PublishModelCommand.class, PromoteCommand.class, RetrainCommand.class, BenchCommand.class,
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
        cmd.setCaseInsensitiveEnumValuesAllowed(true); // enum options take any case, as the config keys do
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            final int exit = exitCodeOf(e);
            if (exit == ExitCodes.OK) {
                throw e;
            }
            commandLine.getErr().println("error: " + e.getMessage());
            return exit;
        });
        return cmd;
    }

    /**
     * The exit code of a failure that gets one line naming the problem and no stack trace: bad configuration, model,
     * data or training input (fix it, exit 2), or a topic the cluster would not let us read (retry, exit 1); OK for
     * anything else, which picocli reports with its stack trace.
     */
    static int exitCodeOf(final Exception e) {
        if (e instanceof ConfigurationException || e instanceof ModelException
                || e instanceof DatasetException || e instanceof TrainingException) {
            return ExitCodes.BAD_INPUT;
        }
        return e instanceof TopicReadException ? ExitCodes.FAILED : ExitCodes.OK;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The pom's version, which the build writes into version.properties next to this class. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            final Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            final String v = p.getProperty("version", "");
            // Unfiltered (e.g. run from an IDE that copies resources as they are): say so rather than print ${...}.
            return new String[] {"spam-scorer " + (v.isBlank() || v.startsWith("${") ? "dev" : v)};
        }
    }
}
