package io.spamscorer.cli;

import io.spamscorer.config.ConfigurationException;
import io.spamscorer.config.InputFormat;
import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelException;
import io.spamscorer.model.ModelInputs;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.ops.ModelTopicSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code publish-model}: validates a model file and writes it to {@code scorer.model.topic} (key: model name,
 * value: the model JSON), where every running scorer instance picks it up without a restart. A model that takes
 * positional records must keep the feature names and order of {@code scorer.model.path}, the reference the job
 * checks against too; the file must therefore be readable here.
 */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
        description = "Validate a model file and publish it to the model topic; running scorers switch to it within seconds.")
public final class PublishModelCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "Model file to publish.")
    private Path model;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The scorer's properties file (bootstrap.servers, security, scorer.model.topic, scorer.model.path); "
                    + "SPAM_SCORER_* environment variables override it.")
    private Path configFile;

    @Option(names = "--allow-feature-change",
            description = "Publish a model whose features (names, order or count) differ from scorer.model.path's as a "
                    + "named-only model: it is published with \"inputs\": \"named-only\", and the job dead-letters positional "
                    + "records instead of scoring them in the wrong order. Only for producers that send named features.")
    private boolean allowFeatureChange;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final ScorerConfig config = ScorerConfig.load(configFile, System.getenv());
        byte[] value = ModelLoader.read(model);
        Model candidate = parse(value);
        if (config.inputFormat() == InputFormat.EMAIL) {
            // raw-email scorers featurize with the model's own featurizer: any vocabulary, but it must have one
            try {
                ModelCompatibility.checkEmail(candidate);
            } catch (final ModelException e) {
                throw new ModelException(model + ": " + e.getMessage(), e);
            }
        } else if (candidate.inputs() == ModelInputs.NAMED_ONLY) {
            System.out.println(candidate + " takes named inputs only; its features are not compared with scorer.model.path");
        } else {
            final Path referencePath = config.modelPath();
            try {
                ModelCompatibility.check(reference(referencePath), "the reference model " + referencePath
                        + " (" + ScorerConfig.MODEL_PATH + ")", candidate);
            } catch (final ModelException e) {
                if (!allowFeatureChange) {
                    throw new ModelException(model + ": " + e.getMessage(), e);
                }
                value = ModelLoader.withInputs(value, ModelInputs.NAMED_ONLY);
                candidate = parse(value);
                System.out.println("features differ from " + referencePath + "; publishing " + candidate.name()
                        + " with \"inputs\": \"named-only\": positional records will be dead-lettered while it is in use");
            }
        }
        final String topic = config.modelTopic();
        final Optional<ModelTopicProbe.Failure> failure = ModelTopicProbe.check(config);
        if (failure.isPresent()) {
            err.println("error: " + failure.get().message());
            return failure.get().exitCode();
        }
        return send(config, candidate, value, topic, err);
    }

    private Model parse(final byte[] value) {
        try {
            return ModelLoader.parse(value);
        } catch (final ModelException e) {
            throw new ModelException(model + ": " + e.getMessage(), e);
        }
    }

    /** The model the job checks swaps against; without it the feature check cannot be made, so nothing is published. */
    private static Model reference(final Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigurationException("cannot read the reference model " + ScorerConfig.MODEL_PATH + "=" + path
                    + " (" + path.toAbsolutePath() + " is not a file here); publish-model compares the new model's features"
                    + " with it, so run it where that path resolves or set " + ScorerConfig.MODEL_PATH + " to a copy of the job's model file");
        }
        try {
            return ModelLoader.load(path);
        } catch (final ModelException e) {
            throw new ConfigurationException("cannot read the reference model " + ScorerConfig.MODEL_PATH + "=" + path
                    + ": " + e.getMessage(), e);
        }
    }

    private static int send(final ScorerConfig config, final Model candidate, final byte[] value, final String topic,
                            final PrintWriter err) throws InterruptedException {
        final Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        props.putAll(ModelTopicSettings.producerOverrides());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            final RecordMetadata m = producer.send(new ProducerRecord<>(topic,
                    candidate.name().getBytes(StandardCharsets.UTF_8), value)).get(90, TimeUnit.SECONDS);
            System.out.printf("published %s to %s (partition %d, offset %d)%n", candidate, m.topic(), m.partition(), m.offset());
            return ExitCodes.OK;
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                err.println("error: topic " + topic + " refused the model (" + value.length + " bytes before compression)"
                        + " as too large; set its max.message.bytes to " + ModelTopicSettings.MAX_MESSAGE_BYTES
                        + " (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                        + " --add-config max.message.bytes=" + ModelTopicSettings.MAX_MESSAGE_BYTES + ")");
                return ExitCodes.BAD_INPUT;
            }
            err.println("error: could not publish to " + topic + ": " + e.getCause());
            return ExitCodes.FAILED;
        } catch (final TimeoutException e) {
            err.println("error: could not publish to " + topic + ": no acknowledgement within 90 s");
            return ExitCodes.FAILED;
        }
    }
}
