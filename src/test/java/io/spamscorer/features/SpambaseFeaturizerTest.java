package io.spamscorer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpambaseFeaturizerTest {

    private final SpambaseFeaturizer featurizer = new SpambaseFeaturizer();

    @Test
    void featureNamesAreTheShippedModelsInOrder() throws IOException {
        final JsonNode model = Json.mapper().readTree(Files.readAllBytes(Path.of("config/model.json")));
        final List<String> names = new ArrayList<>();
        model.get("features").forEach(n -> names.add(n.asText()));
        assertEquals(names, featurizer.featureNames());
    }

    /**
     * The text read is "Free money" + "\n" + "Make MONEY fast; call (650) now! $$$ #1" + "\n" + "": 10 + 1 + 39 + 1
     * = 51 characters. Words (runs of ASCII letters and digits): Free money Make MONEY fast call 650 now 1 = 9.
     * Capital runs: F, M, MONEY: 3 runs, 7 capitals, longest 5.
     */
    @Test
    void shouldComputeEveryFeatureOfAKnownMessageAsSpambaseDefinesIt() {
        final double[] x = featurizer.featurizeDense(Emails.body("Free money", "Make MONEY fast; call (650) now! $$$ #1", ""));
        final double[] expected = new double[57];
        expected[index("word_freq_make")] = 100.0 * 1 / 9;
        expected[index("word_freq_free")] = 100.0 * 1 / 9;
        expected[index("word_freq_money")] = 100.0 * 2 / 9; // "money" and "MONEY": case is ignored
        expected[index("word_freq_650")] = 100.0 * 1 / 9;
        expected[index("char_freq_;")] = 100.0 * 1 / 51;
        expected[index("char_freq_(")] = 100.0 * 1 / 51;
        expected[index("char_freq_!")] = 100.0 * 1 / 51;
        expected[index("char_freq_$")] = 100.0 * 3 / 51;
        expected[index("char_freq_#")] = 100.0 * 1 / 51;
        expected[index("capital_run_length_average")] = 7.0 / 3;
        expected[index("capital_run_length_longest")] = 5;
        expected[index("capital_run_length_total")] = 7;
        assertArrayEquals(expected, x, 1e-12);
    }

    /** "re: e-mail hp-ux george's email" → words re e mail hp ux george s email (8); "3d" only as a whole word. */
    @Test
    void shouldCountWordsBoundedByAnyNonAlphanumericCharacter() {
        final double[] x = featurizer.featurizeDense(Emails.body("", "re: e-mail hp-ux george's email x3d 3d", ""));
        assertEquals(100.0 / 10, x[index("word_freq_re")], 1e-12);
        assertEquals(100.0 / 10, x[index("word_freq_mail")], 1e-12);
        assertEquals(100.0 / 10, x[index("word_freq_email")], 1e-12);
        assertEquals(100.0 / 10, x[index("word_freq_hp")], 1e-12);
        assertEquals(100.0 / 10, x[index("word_freq_george")], 1e-12);
        assertEquals(100.0 / 10, x[index("word_freq_3d")], 1e-12);
    }

    @Test
    void shouldReadSubjectPlainTextAndHtmlVisibleText() {
        final double[] x = featurizer.featurizeDense(Emails.body("free", "free", "free"));
        assertEquals(100.0, x[index("word_freq_free")], 1e-12);
        assertEquals(0.0, x[index("capital_run_length_total")]);
    }

    @Test
    void shouldGiveZerosForAnEmptyMessage() {
        assertArrayEquals(new double[57], featurizer.featurizeDense(Emails.body("", "", "")));
    }

    private int index(final String name) {
        return featurizer.featureNames().indexOf(name);
    }
}
