package io.spamscorer.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spamscorer.model.Contribution;
import io.spamscorer.model.Model;
import io.spamscorer.model.Score;
import io.spamscorer.stream.RecordParser;
import io.spamscorer.stream.ScoredRecordSerializer;
import io.spamscorer.stream.Scorer;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The production hot path for one record: input bytes (README "Input record") → {@link RecordParser} →
 * {@link Scorer} (explain top 3, as the default config) → {@link ScoredRecordSerializer} bytes (README "Output
 * record"). {@code size}: "311B" is a real Spambase row written positionally, "1KB" is 57 features as 17-digit
 * doubles. Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {

    private static final DateTimeFormatter SCORED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Param({"311B", "1KB"})
    public String size;

    private Pipeline pipeline;
    private Model model;
    private byte[] value;
    private long now;
    private final ObjectMapper mapper = new ObjectMapper();

    @Setup
    public void setUp() {
        pipeline = new Pipeline();
        model = pipeline.model;
        value = Fixtures.value(size, Fixtures.records());
        now = System.currentTimeMillis();
    }

    /** parse → score → serialize, positional features. */
    @Benchmark
    public byte[] parseScoreSerialize() {
        return pipeline.run(value, now);
    }

    /**
     * The straightforward databind baseline: {@code ObjectMapper.readTree} (a default mapper) into a tree, features
     * copied out, the same {@link Model#score}, then {@code writeValueAsBytes} of a {@code LinkedHashMap} with the
     * same fields as the production output record.
     */
    @Benchmark
    public byte[] databindBaseline() throws IOException {
        return databind(mapper, model, value, now);
    }

    /** The baseline itself, shared with {@link CpuTimeHarness} so both time the same code. */
    static byte[] databind(final ObjectMapper mapper, final Model model, final byte[] value, final long now)
            throws IOException {
        final JsonNode root = mapper.readTree(value);
        final String id = root.get("id").textValue();
        final JsonNode f = root.get("features");
        final double[] x = new double[f.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = f.get(i).doubleValue();
        }
        final Score s = model.score(x, 3);
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("spamProbability", s.spamProbability());
        out.put("label", s.label());
        out.put("logit", s.logit());
        out.put("threshold", model.threshold());
        out.put("model", Map.of("name", model.name(), "version", model.version()));
        out.put("scoredAt", SCORED_AT.format(Instant.ofEpochMilli(now)));
        final List<Map<String, Object>> top = new ArrayList<>();
        for (final Contribution c : s.topFeatures()) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", c.feature());
            m.put("contribution", c.contribution());
            top.add(m);
        }
        out.put("topFeatures", top);
        return mapper.writeValueAsBytes(out);
    }
}
