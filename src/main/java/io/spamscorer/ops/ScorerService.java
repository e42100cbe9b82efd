package io.spamscorer.ops;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.log.LogSafe;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelEvents;
import io.spamscorer.model.ModelHolder;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.stream.ScoringListener;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One complete scorer instance as {@code run} starts it, and as the demo and the integration tests start it too:
 * load and validate the model file, check (or create) the topics, catch up on the model topic, then start
 * Kafka Streams. {@link #close()} stops Streams first, then the model watcher.
 */
public final class ScorerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerService.class);
    private static final Duration MODEL_CATCH_UP = Duration.ofSeconds(60);

    private final ModelHolder models;
    private final ModelTopicWatcher watcher;
    private final ScorerRuntime runtime;

    private ScorerService(final ModelHolder models, final ModelTopicWatcher watcher, final ScorerRuntime runtime) {
        this.models = models;
        this.watcher = watcher;
        this.runtime = runtime;
    }

    /** Validates, prepares and starts; throws (naming the problem) before anything runs if a check fails. */
    public static ScorerService start(final ScorerConfig config, final ScoringListener listener, final ModelEvents events) {
        return start(config, loadModelFile(config), listener, events);
    }

    /** Loads and validates {@code scorer.model.path}: the model to start with unless the model topic has a newer one. */
    public static ModelHolder loadModelFile(final ScorerConfig config) {
        final Model fileModel = ModelLoader.load(config.modelPath());
        LOG.info("model file {}: {}", LogSafe.escape(config.modelPath()), LogSafe.escape(fileModel));
        return new ModelHolder(new LoadedModel(fileModel, config.modelPath().toString(), Instant.now()));
    }

    /** As {@link #start(ScorerConfig, ScoringListener, ModelEvents)}, with the model file already loaded into {@code models}. */
    public static ScorerService start(final ScorerConfig config, final ModelHolder models, final ScoringListener listener,
                                      final ModelEvents events) {
        final Model fileModel = models.model();
        TopicGuard.ensureAll(config);
        final ModelTopicWatcher watcher = new ModelTopicWatcher(config.clientProperties(), config.modelTopic(),
                fileModel, models, events);
        try {
            watcher.catchUp(MODEL_CATCH_UP);
            watcher.start();
            final ScorerRuntime runtime = new ScorerRuntime(config, models, listener);
            runtime.start();
            return new ScorerService(models, watcher, runtime);
        } catch (final RuntimeException e) {
            watcher.close();
            throw e;
        }
    }

    public ModelHolder models() {
        return models;
    }

    public ScorerRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        runtime.close();
        watcher.close();
    }
}
