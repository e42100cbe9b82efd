package io.spamscorer.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spamscorer.model.Model;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NumberScanner#scan} (eight bytes at a time) must give exactly what {@link NumberScanner#scanScalar} (a byte
 * at a time, the reader it replaced) gives — the same end index or -1, the same bits, nothing written on -1 — for
 * every number wherever it sits in the buffer, and what it accepts must be {@link Double#parseDouble}'s value. A
 * record whose number is refused must get Jackson's error message, as it did.
 */
class NumberScannerTest {

    /** What may follow a number: its end in a record, whitespace, or bytes that make the record invalid. */
    private static final String[] AFTER = {",", "]", ",0.0,", "]}", " ,", "\n]", "}", "x", ".", "e", "E5", "-", "0",
        "7", "\u00e9", ""};

    @Test
    void edgeNumbersScanAsTheScalarReaderAndParseDoubleDo() {
        for (final String number : edges()) {
            checkEverywhere(number);
        }
    }

    @Test
    void randomNumbersScanAsTheScalarReaderAndParseDoubleDo() {
        final Random random = new Random(14);
        for (int n = 0; n < 20_000; n++) {
            checkEverywhere(randomNumber(random));
        }
    }

    @Test
    void commonSpellingsFollowedByMoreFeaturesEndWhereTheyEnd() {
        // Far from the end of the buffer, so the eight-byte reads take these; the first four are the Spambase
        // kind, then a 17-digit fraction (the 1 KB record's kind) and the most an integer and a fraction word hold.
        for (final String number : List.of("0.64", "3.756", "61.0", "278.0", "15841.0", "0.0", "1", "-2.5",
                "0.12345678901234567", "12345678.12345678")) {
            final byte[] b = (number + ",0,0,0,0,0,0,0,0,0").getBytes(StandardCharsets.US_ASCII);
            final double[] x = new double[1];
            assertEquals(number.length(), NumberScanner.scan(b, 0, x, 0), number);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(number)), Double.doubleToRawLongBits(x[0]), number);
        }
    }

    @Test
    void aRecordWithAnUnusualOrBadNumberIsParsedOrRejectedAsJacksonDoes() {
        final Model model = Model.builder().name("m").version("1").features(List.of("a", "b", "c", "d"))
                .weights(new double[] {1, 1, 1, 1}).bias(0).threshold(0.5).build();
        final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
        final List<String> bad = new ArrayList<>(List.of("0.6x", "1.", "-", "--1", "1e", "1e+", ".5", "+1", "01", "00",
                "-01", "0x10", "1\u00e9", "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "12345678.9",
                "123456789", "1234567890123456789", "12345678901234567890", "0." + "1".repeat(70), "1" + "0".repeat(70),
                "0.0.0", "1..2", "1.2.3", "\"1\"", "null", "true", "[1]", "{}", "0,", "1 2", "-0", "-0.0", "-.5", "1e5.5",
                "9".repeat(8) + "x", "0." + "9".repeat(8) + "x", "0." + "9".repeat(16) + "\u00ff"));
        bad.addAll(edges());
        for (final String number : bad) {
            for (int at = 0; at < 4; at++) {
                final StringBuilder features = new StringBuilder();
                for (int k = 0; k < 4; k++) {
                    features.append(k == 0 ? "" : ",").append(k == at ? number : "0.5");
                }
                for (final String tail : List.of("]}", "] }", "]}\n\n\n\n\n\n\n\n\n\n", "]", "")) {
                    final String value = "{\"id\":\"x\",\"features\":[" + features + tail;
                    assertSameParse(parser, model, value.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        final byte[] invalidUtf8 = "{\"id\":\"x\",\"features\":[0.5,1,2,3\u00ff\u00ff\u00ff\u00ff\u00ff]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertSameParse(parser, model, invalidUtf8);
    }

    /** The number followed by each of {@link #AFTER}, at the start and after a prefix, and at every distance from
     * the end of the buffer that the eight-byte reads care about. */
    private static void checkEverywhere(final String number) {
        for (final String after : AFTER) {
            for (final String prefix : List.of("", "[", "-")) {
                check(prefix, number + after, prefix.length());
            }
            for (int pad = 0; pad <= 12; pad++) {
                check("", number + after + " ".repeat(pad), 0);
            }
        }
    }

    private static void check(final String prefix, final String text, final int start) {
        final byte[] b = (prefix + text).getBytes(StandardCharsets.UTF_8);
        final double[] swar = {0.0, 42.0};
        final double[] scalar = {0.0, 42.0};
        final int a = NumberScanner.scan(b, start, swar, 0);
        final int s = NumberScanner.scanScalar(b, start, scalar, 0);
        final String what = "'" + prefix + "|" + text + "'";
        assertEquals(s, a, what);
        assertEquals(Double.doubleToRawLongBits(scalar[0]), Double.doubleToRawLongBits(swar[0]), what);
        assertEquals(42.0, swar[1], what);
        if (a >= 0) {
            final String read = new String(b, start, a - start, StandardCharsets.UTF_8);
            assertTrue(read.chars().allMatch(c -> c == '-' || c == '.' || c == 'e' || c == 'E' || c == '+'
                    || c >= '0' && c <= '9'), what);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(read)), Double.doubleToRawLongBits(swar[0]),
                    what + " read as " + read);
        }
    }

    private static List<String> edges() {
        final List<String> edges = new ArrayList<>(List.of("0", "0.0", "-0", "-0.0", "0.00", "00", "0.", "-", ".5", "+1",
                "1e-5", "1E-5", "0.00001", "1.0e+0", "1.5E-3", "1e2", "9007199254740992", "9007199254740993",
                "-9007199254740993", "0.9007199254740992", "0.9007199254740993", "-0.9007199254740993",
                "9.007199254740992", "9.007199254740993", "90071992.54740993", "90071992.5474099", "900719925474099.3",
                "90071992547409.93", "123456789012345678", "1234567890123456789", "12345678901234567.8",
                "0." + "0".repeat(15) + "1", "0." + "0".repeat(16) + "1", "0." + "0".repeat(21) + "1",
                "0." + "0".repeat(22) + "1", "1." + "0".repeat(21), "0.1" + "0".repeat(17), "1.0000000000000002",
                "4.35", "0.778", "3.756", "61.0", "278.0", "278", "15841.0", "0.64", "-0.64", "-61", "-0.000001",
                "2.2250738585072014E-308", "4.9E-324", "1.7976931348623157E308", "0.1", "0.2", "0.3", "1e22", "1e23"));
        for (int digits = 1; digits <= 20; digits++) {
            for (final char d : new char[] {'9', '1', '5'}) {
                final String run = String.valueOf(d).repeat(digits);
                edges.add(run);
                edges.add("-" + run);
                edges.add("0." + run);
                edges.add("0.0" + run);
                for (int point = 1; point < digits; point++) {
                    edges.add(run.substring(0, point) + "." + run.substring(point));
                }
            }
        }
        return edges;
    }

    private static String randomNumber(final Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Double.toString(random.nextDouble());
            case 1 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL));
            case 2 -> Double.toString(random.nextInt(100_000) / 1000.0);
            case 3 -> String.format(Locale.ROOT, "%." + random.nextInt(20) + "f", random.nextDouble() * 1000);
            case 4 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 5 -> random.nextInt(1000) + "e" + (random.nextInt(60) - 30);
            default -> digits(random, random.nextInt(12)) + (random.nextInt(5) == 0 ? "" : "." + digits(random,
                    random.nextInt(20)));
        };
    }

    /** A run of {@code count} digits, biased towards zeros and nines (carries, leading zeros, 2^53 boundaries). */
    private static String digits(final Random random, final int count) {
        final StringBuilder sb = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
        for (int i = 0; i < count; i++) {
            final int kind = random.nextInt(4);
            sb.append(kind == 0 ? '0' : kind == 1 ? '9' : (char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private static void assertSameParse(final RecordParser parser, final Model model, final byte[] value) {
        String fast;
        String general;
        try {
            final FeatureVector v = parser.parse(value, model);
            fast = v.id() + " " + bits(v.values());
        } catch (final InvalidRecordException e) {
            fast = e.reason() + ": " + e.getMessage();
        }
        try {
            final FeatureVector v = parser.parseGeneral(value, model);
            general = v.id() + " " + bits(v.values());
        } catch (final InvalidRecordException e) {
            general = e.reason() + ": " + e.getMessage();
        }
        assertEquals(general, fast, new String(value, StandardCharsets.UTF_8));
    }

    private static String bits(final double[] values) {
        final StringBuilder sb = new StringBuilder();
        for (final double v : values) {
            sb.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
        }
        return sb.toString();
    }
}
