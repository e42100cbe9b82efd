package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Neuron;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every real record, end to end: each row of {@code data/spambase.csv} with the shipped model, sent as Jackson writes
 * it (positional and named), as the CSV spells its numbers ({@code 0}, {@code 0.64}, {@code 278}) and with random
 * number spellings, goes through the production path (fast parser, {@link Scorer}, {@link ScoredRecordSerializer})
 * and must give exactly the bytes of the straightforward path: Jackson's general parse, the documented formula in a
 * plain loop ({@code StrictMath.log1p}, z-score, no precomputed or cached values), and a tree built field by field.
 */
class SpambaseContractTest {

    private static final DateTimeFormatter SCORED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int TOP = 3;
    private static final long NOW = 1_700_000_000_123L;

    private final Model model = ModelLoader.load(Path.of("config/model.json"));
    private final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
    private final Scorer scorer = new Scorer(TOP);
    private final ScoredRecordSerializer serializer = new ScoredRecordSerializer();

    @Test
    void everySpambaseRowGivesTheBytesOfTheStraightforwardPathInEveryEncoding() throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("data/spambase.csv"), StandardCharsets.US_ASCII);
        final List<String> header = List.of(lines.get(0).split(","));
        assertEquals(model.features(), header.subList(0, model.featureCount()));
        final Random random = new Random(14);
        int checked = 0;
        for (int r = 1; r < lines.size(); r++) {
            final String[] cells = lines.get(r).split(",");
            final String[] text = new String[model.featureCount()];
            final double[] x = new double[model.featureCount()];
            for (int i = 0; i < x.length; i++) {
                text[i] = cells[i];
                x[i] = Double.parseDouble(cells[i]);
            }
            final String id = "row-" + r;
            assertSameOutput(InputRecords.encode(id, x, null));
            assertSameOutput(InputRecords.encode(id, x, model.features()));
            assertSameOutput(positional(id, text));
            assertSameOutput(positional(id, respelled(text, random)));
            checked++;
        }
        assertTrue(checked > 4_000, "rows checked: " + checked);
    }

    @Test
    void randomValuesAroundTheCachedAndFastPathsGiveTheSameBytes() {
        final Random random = new Random(41);
        for (int n = 0; n < 20_000; n++) {
            final String[] text = new String[model.featureCount()];
            for (int i = 0; i < text.length; i++) {
                text[i] = randomNumber(random);
            }
            assertSameOutput(positional("r" + n, text));
        }
    }

    /** The CSV's own spelling of a number, or an equal one written differently (0.50, 5e-1, 0.0, -0 ...). */
    private static String[] respelled(final String[] text, final Random random) {
        final String[] out = text.clone();
        for (int i = 0; i < out.length; i++) {
            final double d = Double.parseDouble(out[i]);
            out[i] = switch (random.nextInt(6)) {
                case 0 -> out[i].contains(".") ? out[i] + "0" : out[i];
                case 1 -> d == 0 ? "0.0" : out[i];
                case 2 -> d == 0 ? "0.00" : Double.toString(d);
                case 3 -> d + "e0";
                case 4 -> out[i].contains(".") ? out[i] : out[i] + ".0";
                default -> out[i];
            };
        }
        return out;
    }

    private static String randomNumber(final Random random) {
        return switch (random.nextInt(14)) {
            case 0, 1, 2 -> "0";
            case 3, 4 -> "0.0";
            case 5 -> random.nextInt(20_000) / 100 + "." + String.format(java.util.Locale.ROOT, "%02d", random.nextInt(100));
            case 6 -> random.nextInt(100) + "." + String.format(java.util.Locale.ROOT, "%03d", random.nextInt(1000));
            case 7 -> Integer.toString(random.nextInt(20_000));
            case 8 -> Double.toString(random.nextDouble() * 100);
            case 9 -> "0." + random.nextInt(10) + "0";
            case 10 -> Double.toString(random.nextInt(5_000) / 100.0 + Math.ulp(random.nextInt(5_000) / 100.0) * (random.nextInt(3) - 1));
            case 11 -> random.nextInt(1000) + "e-" + random.nextInt(4);
            case 12 -> "-0.0";
            default -> Double.toString(Math.nextUp(random.nextInt(10_000) / 1000.0));
        };
    }

    private static byte[] positional(final String id, final String[] numbers) {
        return ("{\"id\":\"" + id + "\",\"features\":[" + String.join(",", numbers) + "]}").getBytes(StandardCharsets.US_ASCII);
    }

    private void assertSameOutput(final byte[] value) {
        final byte[] fast = serializer.serialize("t", scorer.score(parser.parse(value, model), NOW));
        final byte[] plain = reference(parser.parseGeneral(value, model));
        assertArrayEquals(plain, fast, () -> new String(value, StandardCharsets.US_ASCII) + "\n"
                + new String(plain, StandardCharsets.UTF_8) + "\n" + new String(fast, StandardCharsets.UTF_8));
    }

    /** The documented formula in a plain loop, top features by a full sort, and the output record as a tree. */
    private byte[] reference(final FeatureVector v) {
        final double[] w = model.weights();
        final double[] c = new double[w.length];
        double logit = model.bias();
        for (int i = 0; i < w.length; i++) {
            final double z = (StrictMath.log1p(v.values()[i]) - model.preprocessing().mean(i)) / model.preprocessing().std(i);
            c[i] = w[i] * z;
            logit += c[i];
        }
        final double p = Neuron.sigmoid(logit);
        final List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            idx.add(i);
        }
        idx.sort(Comparator.<Integer>comparingDouble(i -> -Math.abs(c[i])).thenComparingInt(i -> i));
        final ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", v.id());
        o.put("spamProbability", p);
        o.put("label", p >= model.threshold() ? "spam" : "ham");
        o.put("logit", logit);
        o.put("threshold", model.threshold());
        o.putObject("model").put("name", model.name()).put("version", model.version());
        o.put("scoredAt", SCORED_AT.format(Instant.ofEpochMilli(NOW)));
        final ArrayNode top = o.putArray("topFeatures");
        for (int j = 0; j < TOP; j++) {
            if (c[idx.get(j)] != 0.0) {
                top.addObject().put("feature", model.features().get(idx.get(j))).put("contribution", c[idx.get(j)]);
            }
        }
        if (top.isEmpty()) {
            o.remove("topFeatures");
        }
        try {
            return Json.mapper().writeValueAsBytes(o);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
