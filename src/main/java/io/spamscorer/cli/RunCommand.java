package io.spamscorer.cli;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.ops.TopicGuard;
import io.spamscorer.stream.ScoringListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
        final LoadedModel model = new LoadedModel(ModelLoader.load(config.modelPath()), config.modelPath().toString(), Instant.now());
        LOG.info("starting spam-scorer with model {} from {}; effective configuration:\n{}",
                model.model(), model.source(), config.describe());
        TopicGuard.ensure(config, config.topics(), Map.of());
        return runUntilStopped(new ScorerRuntime(config, new ModelHolder(model), ScoringListener.NONE));
    }

    /**
     * Runs until a signal or a fatal failure. A signal closes the streams within scorer.shutdown.timeout and exits 0;
     * the hook halts with the chosen code because a JVM ended by SIGTERM would otherwise report 143.
     */
    static int runUntilStopped(final ScorerRuntime runtime) throws InterruptedException {
        final AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
        final Thread hook = new Thread(() -> {
            LOG.info("shutdown requested; closing Kafka Streams");
            runtime.close();
            LOG.info("stopped");
            Runtime.getRuntime().halt(exitCode.get());
        }, "spam-scorer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.start();
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
