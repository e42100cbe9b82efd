package io.spamscorer.cli;

import io.spamscorer.config.ScorerConfig;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelCompatibility;
import io.spamscorer.model.ModelLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code publish-model}: validates a model file and writes it to {@code scorer.model.topic} (key: model name,
 * value: the model JSON), where every running scorer instance picks it up without a restart.
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

    @Override
    public Integer call() throws Exception {
        final ScorerConfig config = ScorerConfig.load(configFile, System.getenv());
        final Model candidate = ModelLoader.load(model);
        if (Files.exists(config.modelPath())) {
            ModelCompatibility.check(ModelLoader.load(config.modelPath()), candidate);
        }
        final Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            final RecordMetadata m = producer.send(new ProducerRecord<>(config.modelTopic(),
                    candidate.name().getBytes(StandardCharsets.UTF_8), Files.readAllBytes(model))).get(60, TimeUnit.SECONDS);
            System.out.printf("published %s to %s (partition %d, offset %d)%n", candidate, m.topic(), m.partition(), m.offset());
            return ExitCodes.OK;
        } catch (final ExecutionException | TimeoutException e) {
            System.err.println("error: could not publish to " + config.modelTopic() + ": "
                    + (e.getCause() == null ? e : e.getCause()));
            return ExitCodes.FAILED;
        }
    }
}
