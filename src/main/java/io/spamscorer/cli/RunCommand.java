package io.spamscorer.cli;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.feedback.QualityReaders;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.ops.OpsServer;
import io.spamscorer.ops.ModelTopicStatus;
import io.spamscorer.ops.ScorerMetrics;
import io.spamscorer.ops.ScorerRuntime;
import io.spamscorer.ops.ScorerService;
import io.spamscorer.ops.StreamsHealth;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        final ModelHolder models = ScorerService.loadModelFile(config);
        final PrometheusMeterRegistry registry = ScorerMetrics.prometheusRegistry();
        final ScorerMetrics metrics = new ScorerMetrics(registry, models);
        final ModelTopicStatus modelTopic = new ModelTopicStatus(config.modelTopic());
        modelTopic.bindTo(registry);
        // The endpoint is up before the (possibly slow) topic check and model catch-up: live, but not ready.
        final AtomicReference<ScorerRuntime> runtime = new AtomicReference<>();
        final OpsServer http = config.httpPort() == 0 ? null : startHttp(config, runtime, metrics, registry, models, modelTopic);
        final Runnable closeOps = () -> {
            if (http != null) {
                http.close();
            }
            metrics.close();
            registry.close();
        };
        final Lifecycle lifecycle = new Lifecycle(closeOps);
        // From here on a SIGTERM closes whatever has started and exits 0, also while the topic check or the model
        // catch-up is still running.
        final Thread hook = new Thread(lifecycle::shutDown, "spam-scorer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final ScorerService service;
        try {
            service = ScorerService.start(config, models, metrics, metrics, modelTopic);
        } catch (final RuntimeException e) {
            if (lifecycle.stopping() || !removed(hook)) {
                LOG.info("startup abandoned on shutdown request ({})", e.getMessage());
                lifecycle.started(null);
                return ExitCodes.OK; // System.exit waits for the shutdown hook, which halts with 0
            }
            closeOps.run();
            throw e;
        }
        runtime.set(service.runtime());
        metrics.bindStreams(service.runtime().streams());
        // Read from the labels join's stores through Interactive Queries; NONE when scorer.labels.topic is off.
        metrics.bindQuality(QualityReaders.of(service.runtime().streams(), config));
        if (http != null) {
            LOG.info("health, metrics and model endpoints on port {}", http.port());
        }
        lifecycle.started(service);
        return runUntilStopped(service, lifecycle);
    }

    /** Removes the hook before a failed start exits with its own code; false if a shutdown has begun already. */
    private static boolean removed(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (final IllegalStateException e) {
            return false;
        }
    }

    private static OpsServer startHttp(final ScorerConfig config, final AtomicReference<ScorerRuntime> runtime,
                                       final ScorerMetrics metrics, final PrometheusMeterRegistry registry,
                                       final ModelHolder models, final ModelTopicStatus modelTopic) {
        try {
            return OpsServer.start(new InetSocketAddress(config.httpBind(), config.httpPort()),
                    StreamsHealth.of(() -> runtime.get() == null ? KafkaStreams.State.CREATED : runtime.get().state(),
                            () -> runtime.get() != null && runtime.get().failed(),
                            StreamsHealth.firstReason(() -> runtime.get() == null ? null
                                    : StreamsHealth.stalled(runtime.get().streams().metrics(),
                                            StreamsHealth.STALL_THRESHOLD), modelTopic::problem)),
                    () -> {
                        metrics.refresh();
                        return registry.scrape();
                    },
                    models::current, metrics::qualityJson);
        } catch (final UncheckedIOException e) {
            throw new ConfigurationException(ScorerConfig.HTTP_BIND + " = " + config.httpBind().getHostAddress() + ", "
                    + ScorerConfig.HTTP_PORT + " = " + config.httpPort() + ": cannot listen (" + e.getCause().getMessage()
                    + "); choose a free port and an address of this host, or port 0 to turn the endpoint off", e);
        }
    }

    /**
     * Runs until a signal or a fatal failure. A signal closes the streams within scorer.shutdown.timeout and exits 0;
     * the hook halts with the chosen code because a JVM ended by SIGTERM would otherwise report 143.
     */
    static int runUntilStopped(final ScorerService service, final Lifecycle lifecycle) throws InterruptedException {
        final ScorerRuntime runtime = service.runtime();
        while (!runtime.awaitTermination(Duration.ofSeconds(1))) {
            // wait for a terminal state; signals are handled by the hook
        }
        if (runtime.failed()) {
            LOG.error("spam-scorer is stopping: {}", runtime.failureReason());
            lifecycle.exitCode(ExitCodes.FAILED);
        }
        System.exit(lifecycle.exitCode());
        return lifecycle.exitCode();
    }

    /**
     * What the shutdown hook needs to stop the job in any phase: while starting it interrupts the starting thread
     * (the topic check and the catch-up give up on an interrupt) and waits for it to let go, then closes the service
     * if there is one and halts with the exit code.
     */
    static final class Lifecycle {

        private final Runnable closeOps;
        private final Thread starter = Thread.currentThread();
        private final CountDownLatch startedOrAbandoned = new CountDownLatch(1);
        private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
        private volatile boolean stopping;
        private volatile ScorerService service;

        Lifecycle(final Runnable closeOps) {
            this.closeOps = closeOps;
        }

        boolean stopping() {
            return stopping;
        }

        void started(final ScorerService started) {
            service = started;
            startedOrAbandoned.countDown();
        }

        int exitCode() {
            return exitCode.get();
        }

        void exitCode(final int code) {
            exitCode.set(code);
        }

        void shutDown() {
            LOG.info("shutdown requested; closing Kafka Streams");
            stopping = true;
            try {
                if (startedOrAbandoned.getCount() > 0) {
                    starter.interrupt();
                    startedOrAbandoned.await();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            final ScorerService s = service;
            if (s != null) {
                s.close();
            }
            closeOps.run();
            LOG.info("stopped");
            Runtime.getRuntime().halt(exitCode.get());
        }
    }
}
