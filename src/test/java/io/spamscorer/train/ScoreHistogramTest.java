package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.cli.Main;
import io.spamscorer.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreHistogramTest {

    @TempDir
    Path dir;

    @Test
    void shouldBinByTenthsWithOneInTheLastBinAndOutOfRangeValuesAtTheEnds() {
        assertEquals(0, ScoreHistogram.bin(0.0));
        assertEquals(0, ScoreHistogram.bin(0.0999));
        assertEquals(1, ScoreHistogram.bin(0.1));
        assertEquals(5, ScoreHistogram.bin(0.55));
        assertEquals(9, ScoreHistogram.bin(0.9));
        assertEquals(9, ScoreHistogram.bin(1.0));
        assertEquals(9, ScoreHistogram.bin(1.5));
        assertEquals(0, ScoreHistogram.bin(-0.1));
        assertEquals(0, ScoreHistogram.bin(Double.NaN));
        assertArrayEquals(new long[] {2, 0, 0, 0, 0, 1, 0, 0, 0, 3},
                ScoreHistogram.of(new double[] {0.01, 0.05, 0.5, 0.91, 0.99, 1.0}).counts());
    }

    @Test
    void shouldRoundTripThroughTheTrainingBlockAndNameTheFieldWhenMalformed() throws IOException {
        final ScoreHistogram h = ScoreHistogram.ofCounts(new long[] {5, 1, 0, 0, 0, 0, 0, 0, 2, 9});
        final JsonNode training = Json.mapper().createObjectNode().set(ScoreHistogram.FIELD, h.toJson());
        assertEquals("{\"bins\":10,\"counts\":[5,1,0,0,0,0,0,0,2,9]}", Json.mapper().writeValueAsString(h.toJson()));
        assertEquals(h, ScoreHistogram.fromTraining(training));
        assertNull(ScoreHistogram.fromTraining(Json.mapper().createObjectNode()), "absent: a model trained before it existed");
        assertNull(ScoreHistogram.fromTraining(null));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScoreHistogram.fromTraining(
                Json.mapper().readTree("{\"scoreHistogram\":{\"bins\":10,\"counts\":[1,2,3]}}")));
        assertTrue(e.getMessage().startsWith("training.scoreHistogram must be"), e.getMessage());
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> ScoreHistogram.fromTraining(
                Json.mapper().readTree("{\"scoreHistogram\":{\"bins\":10,\"counts\":[1,2,3,4,5,6,7,8,9,-1]}}")));
        assertTrue(negative.getMessage().contains("counts[9]"), negative.getMessage());
    }

    @Test
    void shouldWriteTheOutOfFoldHistogramWhenTrainingOnACsvAndTheSameFileForTheSameSeed() throws IOException {
        final Path csv = Csv.write(dir, "toy.csv", Csv.toy(60));
        final Path first = dir.resolve("a.json");
        final Path second = dir.resolve("b.json");
        assertEquals(0, train("--data", csv, "--out", first, "--folds", "3", "--seed", "5", "--epochs", "50"));
        assertEquals(0, train("--data", csv, "--out", second, "--folds", "3", "--seed", "5", "--epochs", "50"));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        final Dataset data = Dataset.read(csv, "spam");
        final double[] oof = CrossValidation.run(data, 3, new HyperParameters(io.spamscorer.model.Transform.LOG1P, 50,
                HyperParameters.DEFAULT_LEARNING_RATE, HyperParameters.DEFAULT_L2, 5), CrossValidation.FoldListener.NONE).scores();
        final JsonNode h = Json.mapper().readTree(first.toFile()).get("training").get("scoreHistogram");
        assertEquals(10, h.get("bins").asInt());
        assertEquals(ScoreHistogram.of(oof), ScoreHistogram.fromTraining(Json.mapper().readTree(first.toFile()).get("training")));
        assertEquals(60, ScoreHistogram.fromTraining(Json.mapper().readTree(first.toFile()).get("training")).total());
    }

    @Test
    void shouldWriteTheHistogramForBothMailFeaturizers() throws IOException {
        writeCorpus(dir.resolve("mail"));
        for (final String featurizer : List.of("words", "spambase")) {
            final Path out = dir.resolve(featurizer + ".json");
            assertEquals(0, train("--mail", dir.resolve("mail"), "--featurizer", featurizer, "--out", out, "--folds", "3"));
            final ScoreHistogram h = ScoreHistogram.fromTraining(Json.mapper().readTree(out.toFile()).get("training"));
            assertEquals(40, h.total(), featurizer + ": one count per message");
        }
    }

    private static int train(final Object... args) {
        final CommandLine cli = Main.commandLine();
        final StringWriter printed = new StringWriter();
        cli.setOut(new PrintWriter(printed, true));
        cli.setErr(new PrintWriter(printed, true));
        final String[] strings = new String[args.length + 1];
        strings[0] = "train";
        for (int i = 0; i < args.length; i++) {
            strings[i + 1] = args[i].toString();
        }
        final int code = cli.execute(strings);
        if (code != 0) {
            System.err.println(printed);
        }
        return code;
    }

    /** 20 ham and 20 spam messages with class words, so every fold of 3 holds both classes. */
    private static void writeCorpus(final Path root) throws IOException {
        final SplittableRandom random = new SplittableRandom(3);
        final List<String> hamWords = List.of("meeting", "patch", "kernel", "thanks", "review", "build");
        final List<String> spamWords = List.of("free", "money", "click", "offer", "guaranteed", "cash");
        for (int i = 0; i < 40; i++) {
            final boolean spam = i >= 20;
            final List<String> words = spam ? spamWords : hamWords;
            final StringBuilder body = new StringBuilder();
            for (int w = 0; w < 20; w++) {
                body.append(words.get(random.nextInt(words.size()))).append(' ');
            }
            final String raw = "From: " + (spam ? "deals@promo.example" : "dev@lists.example") + "\r\nSubject: "
                    + words.get(random.nextInt(words.size())) + "\r\nContent-Type: text/plain\r\n\r\n" + body + "\r\n";
            final Path sub = root.resolve(spam ? "spam" : "ham");
            Files.createDirectories(sub);
            Files.write(sub.resolve(String.format("%05d", i)), raw.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
