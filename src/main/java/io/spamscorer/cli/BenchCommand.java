package io.spamscorer.cli;

import io.spamscorer.bench.BenchReport;
import io.spamscorer.bench.BenchResult;
import io.spamscorer.bench.BenchRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: pre-loads Spambase-like records into a 4-partition topic and measures, side by side on one broker,
 * a plain consumer→producer loop, a Kafka Streams identity topology and the scorer (at-least-once and
 * exactly-once v2), then the scorer's end-to-end latency at half its throughput. Prints a table and writes
 * {@code bench.json} and {@code bench.svg} into {@code --out}. See BENCHMARKS.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput and end-to-end latency of the scorer against a plain Kafka loop and a Kafka "
                + "Streams identity topology, on an embedded broker or a given one; writes bench.json and bench.svg.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Records to pre-load and push through each workload (default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this broker instead of starting an embedded one (topics bench-<run>-* are created and deleted).")
    private String bootstrap;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
            description = "Where to write bench.json and bench.svg (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "config/model.json", description = "Model file (default: ${DEFAULT-VALUE}).")
    private Path modelPath;

    @Option(names = "--data", paramLabel = "CSV", defaultValue = "data/spambase.csv",
            description = "Spambase CSV the records are made from (default: ${DEFAULT-VALUE}).")
    private Path dataPath;

    @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "5",
            description = "producer linger.ms for the loop and the Streams apps (default: ${DEFAULT-VALUE}).")
    private int lingerMs;

    @Option(names = "--batch-size", paramLabel = "BYTES", defaultValue = "65536",
            description = "producer batch.size for the loop and the Streams apps (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "20",
            description = "Seconds of open-loop latency load measured, after 5 s of warm-up (default: ${DEFAULT-VALUE}).")
    private int latencySeconds;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || lingerMs < 0 || batchSize < 1 || latencySeconds < 1 || latencySeconds > 600) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--records, --batch-size and --latency-seconds (<= 600) must be >= 1 and --linger-ms >= 0");
        }
        final BenchRunner.Settings settings = new BenchRunner.Settings(records, bootstrap, modelPath, dataPath, 4, lingerMs,
                batchSize, Duration.ofSeconds(5), Duration.ofSeconds(latencySeconds));
        final BenchResult result = new BenchRunner(settings, System.err).run();
        System.out.println();
        System.out.print(BenchReport.table(result));
        result.writeJson(out.resolve("bench.json"));
        BenchReport.writeSvg(result, out.resolve("bench.svg"));
        System.out.println("wrote " + out.resolve("bench.json") + " and " + out.resolve("bench.svg"));
        final boolean complete = result.workloads().stream().allMatch(w -> w.outputs() >= w.records() && w.seconds() > 0);
        return complete ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
