package io.spamscorer.cli;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: starts the scoring job and runs until SIGTERM/Ctrl-C, or until it fails for good. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the scoring job against a Kafka cluster until stopped (SIGTERM or Ctrl-C).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (Kafka Streams and client keys plus scorer.* keys). "
                    + "SPAM_SCORER_* environment variables override it.")
    private Path configFile;

    @Option(names = "--create-topics", description = "Create missing topics instead of failing (same as scorer.topics.create=true).")
    private boolean createTopics;

    @Override
    public Integer call() throws InterruptedException {
        ScorerConfig config = ScorerConfig.load(configFile, System.getenv());
        if (createTopics) {
            config = config.with(ScorerConfig.TOPICS_CREATE, "true", "--create-topics");
        }
        LOG.info("starting spam-scorer; effective configuration:\n{}", config.describe());
        return runUntilStopped(ScorerService.start(config, ScoringListener.NONE, ModelEvents.NONE));
    }

    /**
     * Runs until a signal or a fatal failure. A signal closes the streams within scorer.shutdown.timeout and exits 0;
     * the hook halts with the chosen code because a JVM ended by SIGTERM would otherwise report 143.
     */
    static int runUntilStopped(final ScorerService service) throws InterruptedException {
        final ScorerRuntime runtime = service.runtime();
        final AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
        final Thread hook = new Thread(() -> {
            LOG.info("shutdown requested; closing Kafka Streams");
            service.close();
            LOG.info("stopped");
            Runtime.getRuntime().halt(exitCode.get());
        }, "spam-scorer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!runtime.awaitTermination(Duration.ofSeconds(1))) {
            // wait for a terminal state; signals are handled by the hook
        }
        if (runtime.failed()) {
            LOG.error("spam-scorer is stopping: {}", runtime.failureReason());
            exitCode.set(ExitCodes.FAILED);
        }
        System.exit(exitCode.get());
        return exitCode.get();
    }
}
