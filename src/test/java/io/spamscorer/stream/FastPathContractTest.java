package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.model.Contribution;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.model.Neuron;
import io.spamscorer.model.Score;
import java.nio.charset.StandardCharsets;
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
 * The optimised hot path (direct byte writing with cached timestamp and threshold text in {@link ScoredRecordSerializer}, the
 * precomputed zero contributions in {@link Model#score}, lazy field names in {@link RecordParser}) must produce
 * exactly what the straightforward code produced: output bytes equal to a Jackson tree built field by field, and
 * scores equal bit for bit to a plain loop over the documented formula.
 */
class FastPathContractTest {

    private static final DateTimeFormatter SCORED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] AWKWARD = {"", "\"", "\\", "é", "日本", "\u0001", "\n", "</script>", "😀", "a b"};

    private final ScoredRecordSerializer serializer = new ScoredRecordSerializer();

    @Test
    void serializedBytesEqualATreeBuiltReferenceForManyRandomRecords() {
        final Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            final ScoredRecord r = randomRecord(random);
            assertArrayEquals(reference(r), serializer.serialize("t", r), () -> "record " + r);
        }
    }

    @Test
    void aFeaturesContributionTextFollowsEachRecordWhenTheNameRepeats() {
        for (final double c : new double[] {0.5, 0.5, -0.0, 0.0, 0.0, 0.5, 1e-300, -1.25, -1.25, 0.5}) {
            final ScoredRecord r = new ScoredRecord("id", 0.25, "ham", -1.0, 0.5, "m", "1", 1_600_000_000_000L,
                    List.of(new Contribution("word_freq_free", c), new Contribution("other", -c)));
            assertArrayEquals(reference(r), serializer.serialize("t", r), () -> "contribution " + c);
        }
    }

    @Test
    void theTimestampCacheNeverServesAStaleMillisecond() {
        final long base = 1_700_000_000_000L;
        final long[] order = {base, base, base + 1, base, base + 86_400_000L, base + 1, 0, -1, base};
        for (final long millis : order) {
            final ScoredRecord r = new ScoredRecord("x", 0.5, "spam", 0.0, 0.5, "m", "1", millis, List.of());
            assertArrayEquals(reference(r), serializer.serialize("t", r));
        }
    }

    @Test
    void theThresholdTextFollowsEachRecordsThreshold() {
        final double[] thresholds = {0.5, 0.5, 0.73, 0.5, -0.0, 0.0, 1e-300, 0.5};
        for (final double t : thresholds) {
            final ScoredRecord r = new ScoredRecord("x", 0.25, "ham", -1.0, t, "m", "1", 1_700_000_000_000L,
                    List.of(new Contribution("f", 0.1)));
            assertArrayEquals(reference(r), serializer.serialize("t", r), () -> "threshold " + t);
        }
    }

    @Test
    void thePreEncodedModelLabelAndFeatureNamesFollowEachRecord() {
        final String[][] models = {{"m", "1"}, {"m", "2"}, {"n", "1"}, {"m", "1"}, {"m\u00e9", "1"}, {"m", "1\""}, {"m", "1"}};
        final String[] labels = {"spam", "ham", "spam", "maybe", "ham", "sp\"am"};
        final String[] names = {"a", "b", "word_freq_make", "é", "a", "\"q\"", "b"};
        int n = 0;
        for (final String[] m : models) {
            for (final String label : labels) {
                for (final double t : new double[] {0.5, 0.5, 0.25}) {
                    final List<Contribution> top = List.of(new Contribution(names[n % names.length], 1.5),
                            new Contribution(names[(n + 3) % names.length], -0.25));
                    final ScoredRecord r = new ScoredRecord("id" + n, 0.75, label, 1.0, t, m[0], m[1],
                            1_700_000_000_000L, top);
                    assertArrayEquals(reference(r), serializer.serialize("t", r), () -> "record " + r);
                    n++;
                }
            }
        }
    }

    @Test
    void aRecordWithANonFiniteNumberIsWrittenAsJacksonWritesIt() {
        for (final double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            final ScoredRecord r = new ScoredRecord("x", d, "ham", d, d, "m", "1", 1_700_000_000_000L,
                    List.of(new Contribution("f", d)));
            assertArrayEquals(reference(r), serializer.serialize("t", r), () -> "value " + d);
        }
    }

    @Test
    void shippedModelScoresEqualThePlainFormulaBitForBit() {
        final Model model = ModelLoader.load(Path.of("config/model.json"));
        final Random random = new Random(11);
        for (int n = 0; n < 5_000; n++) {
            final double[] x = new double[model.featureCount()];
            for (int i = 0; i < x.length; i++) {
                final int kind = random.nextInt(10);
                x[i] = kind < 6 ? 0.0 : kind == 6 ? -0.0 : kind == 7 ? random.nextInt(100) : random.nextDouble() * 50;
            }
            assertSameScore(model, x, n % 5);
        }
    }

    @Test
    void aModelWithoutPreprocessingScoresEqualThePlainFormula() {
        final Model model = Model.builder().name("plain").version("1").features(List.of("a", "b", "c"))
                .weights(new double[] {2.0, -1.5, 0.0}).bias(-0.25).threshold(0.5).build();
        for (final double[] x : List.of(new double[] {0, 0, 0}, new double[] {-0.0, 1, 0}, new double[] {3, -0.0, 7})) {
            assertSameScore(model, x, 3);
        }
    }

    @Test
    void topFeaturesRankZeroAndNonZeroFeaturesTogetherWithTiesInModelOrder() {
        // Every contribution is ±1 or ±2 whether the feature is 0 (precomputed and ranked per model) or not (ranked
        // per record), so the merged list must break many ties across the two by feature index.
        final Model model = Model.builder().name("ties").version("1").features(List.of("a", "b", "c", "d", "e", "f"))
                .weights(new double[] {1, -1, 2, -2, 1, 0}).bias(0).threshold(0.5)
                .preprocessing(io.spamscorer.model.Transform.NONE, new double[] {1, 1, 1, 1, 1, 1},
                        new double[] {1, 1, 1, 1, 1, 1})
                .build();
        final double[] values = {0.0, -0.0, 2.0, 0.0, 3.0, 1.0, 0.0};
        final Random random = new Random(17);
        for (int n = 0; n < 5_000; n++) {
            final double[] x = new double[model.featureCount()];
            for (int i = 0; i < x.length; i++) {
                x[i] = values[random.nextInt(values.length)];
            }
            assertSameScore(model, x, n % 7);
        }
    }

    @Test
    void aPositionalAndANamedRecordParseToTheSameValues() {
        final Model model = ModelLoader.load(Path.of("config/model.json"));
        final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
        final Random random = new Random(3);
        for (int n = 0; n < 500; n++) {
            final ObjectNode positional = Json.mapper().createObjectNode().put("id", "r" + n);
            final ObjectNode named = Json.mapper().createObjectNode().put("id", "r" + n);
            final ArrayNode arr = positional.putArray("features");
            final ObjectNode obj = named.putObject("features");
            for (final String f : model.features()) {
                final double v = random.nextBoolean() ? 0 : random.nextDouble() * 1000;
                arr.add(v);
                obj.put(f, v);
            }
            final FeatureVector a = parser.parse(positional.toString().getBytes(StandardCharsets.UTF_8), model);
            final FeatureVector b = parser.parse(named.toString().getBytes(StandardCharsets.UTF_8), model);
            assertArrayEquals(a.values(), b.values());
        }
    }

    @Test
    void theCanonicalFastPathParsesExactlyAsJacksonDoes() {
        final Model model = Model.builder().name("m").version("1").features(List.of("a", "b", "c", "d"))
                .weights(new double[] {1, 1, 1, 1}).bias(0).threshold(0.5).build();
        final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
        final Random random = new Random(5);
        final String[] ws = {"", "", "", " ", "\n", "\t ", "\r\n"};
        for (int n = 0; n < 50_000; n++) {
            final StringBuilder sb = new StringBuilder();
            sb.append(pick(random, ws)).append('{').append(pick(random, ws)).append("\"id\"").append(pick(random, ws))
                    .append(':').append(pick(random, ws)).append('"').append(random.nextInt(20) == 0 ? " " : "id-" + n)
                    .append(random.nextInt(50) == 0 ? "\\u0041" : "").append('"').append(pick(random, ws)).append(',')
                    .append(pick(random, ws)).append("\"features\"").append(pick(random, ws)).append(':')
                    .append(pick(random, ws)).append('[');
            final int count = random.nextInt(30) == 0 ? random.nextInt(6) : 4;
            for (int k = 0; k < count; k++) {
                sb.append(k == 0 ? "" : ",").append(pick(random, ws)).append(randomNumber(random)).append(pick(random, ws));
            }
            sb.append(']').append(pick(random, ws)).append('}').append(pick(random, ws));
            assertSameParse(parser, model, sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void numbersAtTheEdgesOfTheExactFastPathParseExactlyAsJacksonDoes() {
        final Model model = Model.builder().name("m").version("1").features(List.of("a", "b", "c", "d"))
                .weights(new double[] {1, 1, 1, 1}).bias(0).threshold(0.5).build();
        final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
        final List<String> edges = new ArrayList<>(List.of("0", "0.0", "-0", "-0.0", "0.00", "00", "0.", "-", ".5", "+1",
                "9007199254740992", "9007199254740993", "-9007199254740993", "900719925474099.3", "90071992547409.93",
                "9007199254740.993", "123456789012345678", "1234567890123456789", "12345678901234567.8",
                "0." + "0".repeat(21) + "1", "0." + "0".repeat(22) + "1", "1." + "0".repeat(21), "0.1" + "0".repeat(17),
                "1.0000000000000002", "4.35", "0.778", "3.756", "61.0", "278", "1e2", "1.5E-3", "1.0e+0"));
        for (int digits = 1; digits <= 20; digits++) {
            final String nines = "9".repeat(digits);
            edges.add(nines);
            for (int point = 1; point < digits; point++) {
                edges.add(nines.substring(0, point) + "." + nines.substring(point));
            }
        }
        for (final String e : edges) {
            for (final String value : List.of("{\"id\":\"x\",\"features\":[" + e + ",1,2,3]}",
                    "{\"id\":\"x\",\"features\":[1,2,3," + e + "]}", "{\"id\":\"x\",\"features\":[1,2,3," + e)) {
                assertSameParse(parser, model, value.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aValueOverAnInputLimitIsTooLargeOnTheFastAndTheGeneralPath() {
        final Model model = Model.builder().name("m").version("1").features(List.of("a", "b", "c", "d"))
                .weights(new double[] {1, 1, 1, 1}).bias(0).threshold(0.5).build();
        final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
        final String longString = "\"" + "s".repeat(Json.MAX_STRING_LENGTH + 1) + "\"";
        final String longNumber = "1" + "0".repeat(Json.MAX_NUMBER_LENGTH);
        for (final String value : List.of(
                "{\"id\":" + longString + ",\"features\":[1,2,3,4]}",
                "{\"id\":\"x\",\"features\":[1,2,3,4]," + "\"note\":" + longString + "}",
                "{\"id\":\"x\",\"features\":[1,2,3,4," + longString + "]}",
                "{\"id\":\"x\",\"features\":[1,2," + longString + ",4]}",
                "{\"id\":\"x\",\"features\":[1,2,3," + longNumber + "]}",
                "{\"id\":\"x\",\"features\":[1,2,3,4,5," + longNumber + "]}",
                "{\"id\":\"x\",\"features\":[1,2,3,4]," + "\"deep\":" + "[".repeat(40) + "]".repeat(40) + "}")) {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            assertSameParse(parser, model, bytes);
            final InvalidRecordException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidRecordException.class,
                    () -> parser.parse(bytes, model));
            assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
        }
    }

    private static String pick(final Random random, final String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String randomNumber(final Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> "0";
            case 1 -> "-0";
            case 2 -> "-0.0";
            case 3 -> Integer.toString(random.nextInt());
            case 4 -> Long.toString(random.nextLong());
            case 5 -> Double.toString(random.nextDouble());
            case 6 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL));
            case 7 -> random.nextInt(1000) + "e" + (random.nextInt(60) - 30);
            case 8 -> random.nextInt(1000) + "." + random.nextInt(1000) + "E+" + random.nextInt(25);
            case 9 -> "0.000" + random.nextInt(100_000);
            case 10 -> String.format(java.util.Locale.ROOT, "%.17f", random.nextDouble() * 100);
            case 11 -> "1e400";
            case 12 -> "01";
            case 13 -> "1.";
            case 14 -> "99999999999999999999999";
            default -> Double.toString(random.nextInt(100) / 100.0);
        };
    }

    private static void assertSameParse(final RecordParser parser, final Model model, final byte[] value) {
        FeatureVector fast = null;
        FeatureVector general = null;
        String fastError = null;
        String generalError = null;
        try {
            fast = parser.parse(value, model);
        } catch (final InvalidRecordException e) {
            fastError = e.reason() + ": " + e.getMessage();
        }
        try {
            general = parser.parseGeneral(value, model);
        } catch (final InvalidRecordException e) {
            generalError = e.reason() + ": " + e.getMessage();
        }
        final String what = new String(value, StandardCharsets.UTF_8);
        assertEquals(generalError, fastError, what);
        if (general != null) {
            assertEquals(general.id(), fast.id(), what);
            assertEquals(general.unknownFeatures(), fast.unknownFeatures(), what);
            final double[] a = general.values();
            final double[] b = fast.values();
            assertEquals(a.length, b.length, what);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), what);
            }
        }
    }

    private static void assertSameScore(final Model model, final double[] x, final int topK) {
        final Score s = model.score(x, topK);
        final double[] w = model.weights();
        final double[] c = new double[w.length];
        double logit = model.bias();
        for (int i = 0; i < w.length; i++) {
            final double xi = model.preprocessing() == null ? x[i] : model.preprocessing().apply(i, x[i]);
            c[i] = w[i] * xi;
            logit += c[i];
        }
        assertEquals(Double.doubleToRawLongBits(logit), Double.doubleToRawLongBits(s.logit()));
        assertEquals(Double.doubleToRawLongBits(Neuron.sigmoid(logit)), Double.doubleToRawLongBits(s.spamProbability()));
        final List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            idx.add(i);
        }
        idx.sort(Comparator.<Integer>comparingDouble(i -> -Math.abs(c[i])).thenComparingInt(i -> i));
        final List<Contribution> expected = new ArrayList<>();
        for (int j = 0; j < Math.min(topK, w.length); j++) {
            // a zero contribution explains nothing (an absent word): it is never listed
            if (c[idx.get(j)] != 0.0) {
                expected.add(new Contribution(model.features().get(idx.get(j)), c[idx.get(j)]));
            }
        }
        assertEquals(expected, s.topFeatures());
    }

    private static ScoredRecord randomRecord(final Random random) {
        final List<Contribution> top = new ArrayList<>();
        final int k = random.nextInt(5);
        for (int i = 0; i < k; i++) {
            top.add(new Contribution(text(random), randomDouble(random)));
        }
        final double p = random.nextInt(10) == 0 ? random.nextInt(2) : random.nextDouble();
        return new ScoredRecord(text(random), p, random.nextBoolean() ? "spam" : "ham", randomDouble(random),
                random.nextDouble(), text(random), text(random),
                1_600_000_000_000L + random.nextInt(3) * 1000L + (random.nextInt(4) == 0 ? random.nextInt(1 << 30) : 0), top);
    }

    private static String text(final Random random) {
        final StringBuilder sb = new StringBuilder("s");
        for (int i = random.nextInt(4); i > 0; i--) {
            sb.append(AWKWARD[random.nextInt(AWKWARD.length)]).append(random.nextInt(1000));
        }
        return sb.toString();
    }

    private static double randomDouble(final Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1);
            case 3 -> Double.MIN_VALUE;
            case 4 -> random.nextInt(1000) - 500;
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
        };
    }

    /** The documented output record built as a tree, field by field, and written by the project's mapper. */
    private static byte[] reference(final ScoredRecord r) {
        final ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", r.id());
        o.put("spamProbability", r.spamProbability());
        o.put("label", r.label());
        o.put("logit", r.logit());
        o.put("threshold", r.threshold());
        o.putObject("model").put("name", r.modelName()).put("version", r.modelVersion());
        o.put("scoredAt", SCORED_AT.format(Instant.ofEpochMilli(r.scoredAtMillis())));
        if (!r.topFeatures().isEmpty()) {
            final ArrayNode top = o.putArray("topFeatures");
            for (final Contribution c : r.topFeatures()) {
                top.addObject().put("feature", c.feature()).put("contribution", c.contribution());
            }
        }
        try {
            return Json.mapper().writeValueAsBytes(o);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

}
