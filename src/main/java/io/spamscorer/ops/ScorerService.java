package io.spamscorer.ops;

import io.spamscorer.config.InputFormat;
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
    private final ModelTopicStatus modelTopic;

    private ScorerService(final ModelHolder models, final ModelTopicWatcher watcher, final ScorerRuntime runtime,
                          final ModelTopicStatus modelTopic) {
        this.models = models;
        this.watcher = watcher;
        this.runtime = runtime;
        this.modelTopic = modelTopic;
    }

    /** Validates, prepares and starts; throws (naming the problem) before anything runs if a check fails. */
    public static ScorerService start(final ScorerConfig config, final ScoringListener listener, final ModelEvents events) {
        return start(config, loadModelFile(config), listener, events);
    }

    /** Loads and validates {@code scorer.model.path}: the model to start with unless the model topic has a newer one. */
    public static ModelHolder loadModelFile(final ScorerConfig config) {
        final Model fileModel = ModelLoader.load(config.modelPath());
        if (config.inputFormat() == InputFormat.EMAIL && fileModel.featurizer() == null) {
            throw config.invalid(ScorerConfig.MODEL_PATH, "model " + fileModel + " has no featurizer (model.featurizer"
                    + " is missing), but " + ScorerConfig.INPUT_FORMAT + "=email needs one to compute features from a message");
        }
        LOG.info("model file {}: {}", LogSafe.escape(config.modelPath()), LogSafe.escape(fileModel));
        return new ModelHolder(new LoadedModel(fileModel, config.modelPath().toString(), Instant.now()));
    }

    /** As {@link #start(ScorerConfig, ScoringListener, ModelEvents)}, with the model file already loaded into {@code models}. */
    public static ScorerService start(final ScorerConfig config, final ModelHolder models, final ScoringListener listener,
                                      final ModelEvents events) {
        return start(config, models, listener, events, new ModelTopicStatus(config.modelTopic()));
    }

    /** As above, reporting whether the model topic can be read to {@code modelTopic}. */
    public static ScorerService start(final ScorerConfig config, final ModelHolder models, final ScoringListener listener,
                                      final ModelEvents events, final ModelTopicStatus modelTopic) {
        final Model fileModel = models.model();
        TopicGuard.ensureAll(config);
        final ModelTopicWatcher watcher = new ModelTopicWatcher(config.clientProperties(), config.modelTopic(),
                fileModel, models, events, modelTopic, config.inputFormat());
        ScorerRuntime runtime = null;
        try {
            watcher.catchUp(MODEL_CATCH_UP);
            watcher.start();
            runtime = new ScorerRuntime(config, models, listener);
            runtime.start();
            return new ScorerService(models, watcher, runtime, modelTopic);
        } catch (final RuntimeException e) {
            // e.g. interrupted by a shutdown while starting: close what has started
            if (runtime != null) {
                runtime.close();
            }
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

    /** Whether the model watcher can read the model topic. */
    public ModelTopicStatus modelTopic() {
        return modelTopic;
    }

    @Override
    public void close() {
        runtime.close();
        watcher.close();
    }
}
