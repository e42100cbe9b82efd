package io.spamscorer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An earlier run's headline figures, read back from its {@code bench.json}, which {@code bench --compare} draws and
 * prints beside a new run's as "before". Only figures from the same machine compare: throughput here moves 2×
 * between runs of the same code, so the ratios are the figures to read.
 *
 * @param label           what the chart calls the earlier run: the file's name and the day it finished
 * @param recordsPerSecond the median records/s of each workload it ran, by key ("a" to "f")
 * @param ratios          its median per-round ratios by the JSON's names ({@link BenchResult#C_OVER_B} …); a ratio it
 *                        did not measure is absent
 * @param latencyRate     the open-loop rate of its (first) latency run, NaN if it had none
 * @param latencyP99      the p99 of that run in ms, NaN if it had none
 */
public record BenchBaseline(String label, Map<String, Double> recordsPerSecond, Map<String, Double> ratios,
                            double latencyRate, double latencyP99) {

    public BenchBaseline {
        recordsPerSecond = Map.copyOf(recordsPerSecond);
        ratios = Map.copyOf(ratios);
    }

    /** A ratio of the earlier run, NaN when it did not measure it. */
    public double ratio(final String name) {
        return ratios.getOrDefault(name, Double.NaN);
    }

    /**
     * Reads a {@code bench.json} that {@link BenchResult#writeJson} wrote.
     *
     * @throws IllegalArgumentException naming the file and the field that is missing or not a number
     */
    public static BenchBaseline read(final Path file) {
        final JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " is not a bench.json: expected an object");
        }
        final JsonNode workloads = root.path("workloads");
        if (!workloads.isArray() || workloads.isEmpty()) {
            throw new IllegalArgumentException(file + ": workloads is missing or empty; is it a bench.json?");
        }
        final Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 0; i < workloads.size(); i++) {
            final JsonNode w = workloads.get(i);
            final JsonNode key = w.path("key");
            if (!key.isTextual() || key.asText().isBlank()) {
                throw new IllegalArgumentException(file + ": workloads[" + i + "].key is missing or not a string");
            }
            rates.put(key.asText(), number(file, w, "workloads[" + i + "].", "recordsPerSecond"));
        }
        final Map<String, Double> ratios = new LinkedHashMap<>();
        final JsonNode r = root.path("ratios");
        for (final String name : new String[] {BenchResult.C_OVER_B, BenchResult.D_OVER_C, BenchResult.E_OVER_F}) {
            if (r.has(name)) {
                ratios.put(name, number(file, r, "ratios.", name));
            }
        }
        final JsonNode latency = root.path("latency");
        final boolean hasLatency = latency.isObject();
        final String finished = root.path("run").path("finished").asText("");
        return new BenchBaseline(file.getFileName() + (finished.length() >= 10 ? " (" + finished.substring(0, 10) + ")" : ""),
                rates, ratios, hasLatency ? number(file, latency, "latency.", "targetRate") : Double.NaN,
                hasLatency ? number(file, latency, "latency.", "p99Ms") : Double.NaN);
    }

    private static double number(final Path file, final JsonNode parent, final String path, final String field) {
        final JsonNode v = parent.path(field);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException(file + ": " + path + field + " is missing or not a number");
        }
        return v.asDouble();
    }
}
