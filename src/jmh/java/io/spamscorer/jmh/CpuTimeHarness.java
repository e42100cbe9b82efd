package io.spamscorer.jmh;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spamscorer.bench.BenchRecords;
import io.spamscorer.json.ShortestDouble;
import io.spamscorer.model.LoadedModel;
import io.spamscorer.ops.ScorerMetrics;
import io.spamscorer.stream.FeatureVector;
import io.spamscorer.stream.ScoredRecord;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The stages of {@link PipelineBenchmark} and {@link StageBenchmark} timed by the measuring thread's CPU time rather
 * than the wall clock: on a shared VM with a load average of 10-20, JMH's wall-clock figures moved 3-10x between
 * runs, while the minimum CPU time per op over rounds of 20,000 ops moved a few percent. Prints, per op, the min,
 * first quartile and median over the measured rounds (after as many warm-up rounds as half of them) and bytes
 * allocated per op; {@code metering} is {@code metrics} plus the processor's clock reads for it. Usage, from the project root:
 * {@code java -cp target/spam-scorer.jar io.spamscorer.jmh.CpuTimeHarness pipeline,databind,parse,score,serialize,metrics,metering 20 20000}.
 * {@code parsewide} parses the 1 KB record (57 17-digit doubles) instead of the 311-byte row; {@code parserows} parses
 * every Spambase row in turn (positional, as {@code demo} writes them), one per op, so its figure is the mean over
 * the real mix of number spellings rather than one row's. {@code pipelinerows} and {@code databindrows} do the same for the whole
 * pipeline and its databind baseline: one record repeated would let any per-value cache hit every time. {@code jacksondoubles} and {@code ourdoubles} write the five doubles a record carries (probability, logit, three
 * contributions) with Jackson's {@code NumberOutput} (copied into a buffer, as the serializer did) and with
 * {@link ShortestDouble}.
 * Not a JMH benchmark: no blackhole, no forks; compare builds in one session, one after the other, several times.
 */
public final class CpuTimeHarness {

    /** Keeps results reachable so that the JIT cannot drop the work. */
    static Object sink;

    private CpuTimeHarness() {
    }

    public static void main(final String[] args) {
        final String[] ops = args[0].split(",");
        final int rounds = Integer.parseInt(args[1]);
        final int n = Integer.parseInt(args[2]);
        final Pipeline p = new Pipeline();
        final BenchRecords records = Fixtures.records();
        final byte[] value = Fixtures.value("311B", records);
        final byte[] wide = Fixtures.value("1KB", records);
        final byte[][] rows = new byte[records.data().rows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = records.positional(Fixtures.ID, r);
        }
        final long now = System.currentTimeMillis();
        final FeatureVector fv = p.parse(value);
        final ScoredRecord sr = p.score(fv, now);
        final PrometheusMeterRegistry registry = registry();
        final LoadedModel loaded = new LoadedModel(p.model, "config/model.json", Instant.now());
        final ScorerMetrics metrics = new ScorerMetrics(registry, () -> loaded);
        final ObjectMapper mapper = new ObjectMapper();
        final double[] five = {sr.spamProbability(), sr.logit(), sr.topFeatures().get(0).contribution(),
            sr.topFeatures().get(1).contribution(), sr.topFeatures().get(2).contribution()};
        final byte[] scratch = new byte[5 * ShortestDouble.MAX_LENGTH];
        final Map<String, CpuTimer.Figures> figures = CpuTimer.measure(ops, rounds, n, (op, count) -> {
            for (int i = 0; i < count; i++) {
                switch (op) {
                    case "pipeline" -> sink = p.run(value, now);
                    case "parse" -> sink = p.parse(value);
                    case "parsewide" -> sink = p.parse(wide);
                    case "parserows" -> sink = p.parse(rows[i % rows.length]);
                    case "pipelinerows" -> sink = p.run(rows[i % rows.length], now);
                    case "databindrows" -> sink = databind(mapper, p, rows[i % rows.length], now);
                    case "score" -> sink = p.score(fv, now);
                    case "serialize" -> sink = p.serialize(sr);
                    case "metrics" -> metrics.scored(sr, now - 5, 2_000);
                    case "metering" -> metering(metrics, sr, now - 5);
                    case "databind" -> sink = databind(mapper, p, value, now);
                    case "jacksondoubles" -> sink = jacksonDoubles(five, scratch);
                    case "ourdoubles" -> sink = ourDoubles(five, scratch);
                    default -> throw new IllegalArgumentException(op);
                }
            }
        });
        for (final String op : ops) {
            final CpuTimer.Figures f = figures.get(op);
            System.out.printf(Locale.ROOT, "%-10s min %8.1f  q1 %8.1f  med %8.1f ns/op  %7.1f B/op%n", op, f.min(),
                    f.q1(), f.median(), f.bytesPerOp());
        }
    }

    /** The registry as {@code run} builds it, so that the meters use the clock they run with there. */
    static PrometheusMeterRegistry registry() {
        return ScorerMetrics.prometheusRegistry();
    }

    /**
     * What {@code ScoringProcessor} adds to a record for its meters: the {@code nanoTime} pair around the record and
     * the listener call ({@code scoredAt} is read for the output record whether or not meters exist, so it is not
     * counted here).
     */
    static void metering(final ScorerMetrics metrics, final ScoredRecord sr, final long inputTimestamp) {
        final long start = System.nanoTime();
        metrics.scored(sr, inputTimestamp, System.nanoTime() - start);
    }

    static int jacksonDoubles(final double[] values, final byte[] out) {
        int len = 0;
        for (final double v : values) {
            final String s = NumberOutput.toString(v, true);
            for (int i = 0; i < s.length(); i++) {
                out[len++] = (byte) s.charAt(i);
            }
        }
        return len;
    }

    static int ourDoubles(final double[] values, final byte[] out) {
        int len = 0;
        for (final double v : values) {
            len = ShortestDouble.write(v, out, len);
        }
        return len;
    }

    static byte[] databind(final ObjectMapper mapper, final Pipeline p, final byte[] value, final long now) {
        try {
            return PipelineBenchmark.databind(mapper, p.model, value, now);
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
