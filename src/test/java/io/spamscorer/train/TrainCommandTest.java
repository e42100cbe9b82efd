package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.cli.EvaluateCommand;
import io.spamscorer.cli.TrainCommand;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.spamscorer.cli.Main;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one command run. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(final Object command, final Object... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        // The production command line, so errors go through the same handler as `java -jar ... train`.
        final CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final List<String> strings = new ArrayList<>();
        strings.add(new CommandLine(command).getCommandName());
        for (final Object a : args) {
            strings.add(a.toString());
        }
        final int code = cli.execute(strings.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldWriteModelWithTrainingBlockAndPrintMetrics() throws IOException {
        final Path csv = Csv.write(dir, "toy.csv", Csv.toy(100));
        final Path model = dir.resolve("out/model.json");
        final Run r = run(new TrainCommand(), "--data", csv, "--out", model, "--folds", "5", "--epochs", "150",
                "--name", "toy", "--version", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("accuracy"), r.out());
        assertTrue(r.out().contains("roc auc"), r.out());
        assertTrue(r.err().contains("epoch   100  loss "), r.err());
        final Model m = ModelLoader.load(model);
        assertEquals("toy", m.name());
        assertEquals("3", m.version());
        assertEquals(0.5, m.threshold());
        final JsonNode t = m.training();
        assertEquals("toy.csv", t.get("data").get("file").asText());
        assertEquals(100, t.get("data").get("rows").asInt());
        assertEquals(50, t.get("data").get("spam").asInt());
        assertEquals(50, t.get("data").get("ham").asInt());
        assertEquals(64, t.get("data").get("sha256").asText().length());
        assertEquals(150, t.get("hyperParameters").get("epochs").asInt());
        assertEquals("log1p", t.get("hyperParameters").get("transform").asText());
        assertEquals(5, t.get("crossValidation").get("folds").asInt());
        assertEquals(42, t.get("crossValidation").get("seed").asInt());
        assertTrue(t.get("crossValidation").get("confusionMatrix").has("tp"));
        assertTrue(t.get("attribution").asText().contains("CC BY 4.0"));
        assertFalse(new String(Files.readAllBytes(model)).contains("NaN"));
    }

    @Test
    void shouldBeDeterministicForSameSeed() throws IOException {
        final Path a = dir.resolve("a.json");
        final Path b = dir.resolve("b.json");
        final Path c = dir.resolve("c.json");
        final Object[] common = {"--data", "data/spambase.csv", "--folds", "3", "--epochs", "40"};
        assertEquals(0, run(new TrainCommand(), concat(common, "--out", a)).code());
        assertEquals(0, run(new TrainCommand(), concat(common, "--out", b)).code());
        assertEquals(0, run(new TrainCommand(), concat(common, "--out", c, "--seed", "43")).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed, same bytes");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed differs");
    }

    @Test
    void shouldSetThresholdForMaxFalsePositiveRate() {
        final Path model = dir.resolve("m.json");
        final Run r = run(new TrainCommand(), "--data", "data/spambase.csv", "--out", model, "--folds", "3",
                "--epochs", "60", "--max-false-positive-rate", "0.01");
        assertEquals(0, r.code(), r.err());
        final Model m = ModelLoader.load(model);
        final JsonNode cv = m.training().get("crossValidation");
        assertTrue(m.threshold() > 0.5, "a 1 % budget needs a stricter threshold than 0.5: " + m.threshold());
        assertEquals(m.threshold(), cv.get("threshold").asDouble());
        assertEquals(0.01, cv.get("maxFalsePositiveRate").asDouble());
        assertTrue(cv.get("falsePositiveRate").asDouble() <= 0.01);
    }

    @Test
    void shouldExitTwoWithOneLineErrorOnBadData() {
        final Path csv = Csv.write(dir, "bad.csv", "a,spam\n1,1\n2,0\nabc,1\n");
        final Run r = run(new TrainCommand(), "--data", csv, "--out", dir.resolve("m.json"));
        assertEquals(2, r.code());
        assertEquals("error: " + csv + " line 4, column a: 'abc' is not a number" + System.lineSeparator(), r.err());
        assertFalse(Files.exists(dir.resolve("m.json")));
    }

    @Test
    void shouldExitTwoOnSingleClassData() {
        final Path csv = Csv.write(dir, "one.csv", "a,spam\n1,1\n2,1\n3,1\n");
        final Run r = run(new TrainCommand(), "--data", csv, "--out", dir.resolve("m.json"));
        assertEquals(2, r.code());
        assertEquals("error: " + csv + ": all 3 rows have spam = 1; training needs both spam (1) and ham (0) rows"
                + System.lineSeparator(), r.err());
    }

    @Test
    void shouldExitTwoOnUnknownTransform() {
        final Run r = run(new TrainCommand(), "--data", "data/spambase.csv", "--out", dir.resolve("m.json"), "--transform", "sqrt");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("--transform must be log1p or none, got 'sqrt'"), r.err());
    }

    @Test
    void shouldEvaluateModelAndWriteReport() throws IOException {
        final Path csv = Csv.write(dir, "toy.csv", Csv.toy(100));
        final Path model = dir.resolve("model.json");
        assertEquals(0, run(new TrainCommand(), "--data", csv, "--out", model, "--folds", "5", "--epochs", "100").code());
        final Path report = dir.resolve("report.html");
        final Run r = run(new EvaluateCommand(), "--model", model, "--data", csv, "--report", report);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("spambase-logreg version 1 on "), r.out());
        assertTrue(r.out().contains("false positive rate"), r.out());
        final String html = Files.readString(report);
        assertTrue(html.contains("<svg"));
        assertFalse(html.contains("http"));
    }

    @Test
    void shouldExitTwoWhenEvaluatingWithMissingModel() {
        final Run r = run(new EvaluateCommand(), "--model", dir.resolve("none.json"), "--data", "data/spambase.csv");
        assertEquals(2, r.code());
        assertEquals("error: model file " + dir.resolve("none.json") + " does not exist" + System.lineSeparator(), r.err());
    }

    @Test
    void shouldRefuseToWriteTheModelOverTheData() throws IOException {
        final String toy = Csv.toy(40);
        final Path csv = Csv.write(dir, "toy.csv", toy);
        Files.createDirectories(dir.resolve("sub"));
        final Path link = Files.createSymbolicLink(dir.resolve("link.csv"), csv);
        for (final Path out : List.of(csv, dir.resolve("sub").resolve("..").resolve("toy.csv"), link)) {
            final Run r = run(new TrainCommand(), "--data", csv, "--out", out, "--folds", "2", "--epochs", "5");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("--out " + out + " is the same file as --data " + csv + "; refusing to overwrite it"),
                    r.err());
            assertEquals(toy, Files.readString(csv));
        }
    }

    @Test
    void shouldRefuseEpochsBeyondTheBoundAndNonFiniteRates() {
        final Object[] common = {"--data", "data/spambase.csv", "--out", dir.resolve("m.json")};
        final Run epochs = run(new TrainCommand(), concat(common, "--epochs", "2000000000"));
        assertEquals(2, epochs.code());
        assertTrue(epochs.err().startsWith("--epochs must be <= 30000, got 2000000000"), epochs.err());
        final Run rate = run(new TrainCommand(), concat(common, "--learning-rate", "NaN"));
        assertEquals(2, rate.code());
        assertTrue(rate.err().startsWith("--learning-rate must be a finite number > 0, got NaN"), rate.err());
        final Run l2 = run(new TrainCommand(), concat(common, "--l2", "Infinity"));
        assertEquals(2, l2.code());
        assertTrue(l2.err().startsWith("--l2 must be a finite number >= 0, got Infinity"), l2.err());
        final Run folds = run(new TrainCommand(), concat(common, "--folds", "1"));
        assertEquals(2, folds.code());
        assertTrue(folds.err().startsWith("--folds must be >= 2, got 1"), folds.err());
        assertFalse(Files.exists(dir.resolve("m.json")));
    }

    @Test
    void shouldAcceptTheTransformInAnyCase() {
        final Path csv = Csv.write(dir, "toy.csv", Csv.toy(40));
        final Run r = run(new TrainCommand(), "--data", csv, "--out", dir.resolve("m.json"), "--folds", "2", "--epochs", "5",
                "--transform", "LOG1P");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void shouldPrintNotApplicableFalsePositiveRateWhenEvaluatingWithoutHam() throws IOException {
        final Path csv = Csv.write(dir, "toy.csv", Csv.toy(60));
        final Path model = dir.resolve("model.json");
        assertEquals(0, run(new TrainCommand(), "--data", csv, "--out", model, "--folds", "3", "--epochs", "50").code());
        final Path spamOnly = Csv.write(dir, "spam.csv", "a,b,c,spam\n2.0,0.2,0.1,1\n2.3,0.45,0.1,1\n");
        final Run r = run(new EvaluateCommand(), "--model", model, "--data", spamOnly);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("false positive rate  n/a (no ham rows)"), r.out());
    }

    @Test
    void shouldRefuseAReportOverTheData() throws IOException {
        final Path csv = Csv.write(dir, "toy.csv", Csv.toy(60));
        final Path model = dir.resolve("model.json");
        assertEquals(0, run(new TrainCommand(), "--data", csv, "--out", model, "--folds", "3", "--epochs", "20").code());
        final Run r = run(new EvaluateCommand(), "--model", model, "--data", csv, "--report", csv);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("--report " + csv + " is the same file as --data " + csv), r.err());
        assertEquals(Csv.toy(60), Files.readString(csv));
    }

    private static Object[] concat(final Object[] a, final Object... b) {
        final Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
