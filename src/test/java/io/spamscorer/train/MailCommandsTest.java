package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.cli.Main;
import io.spamscorer.json.Json;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --mail} and {@code evaluate --mail} on small copies of the repository's corpus, and their bad inputs. */
class MailCommandsTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(final Object... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final List<String> strings = new ArrayList<>();
        for (final Object a : args) {
            strings.add(a.toString());
        }
        return new Run(cli.execute(strings.toArray(new String[0])), out.toString(), err.toString());
    }

    /** The first {@code ham} and {@code spam} messages of data/mail/train, ham in a subfolder to check recursion. */
    private Path subset(final String name, final int ham, final int spam) throws IOException {
        final Path root = dir.resolve(name);
        copy(Path.of("data/mail/train/ham"), root.resolve("ham/sub"), ham);
        copy(Path.of("data/mail/train/spam"), root.resolve("spam"), spam);
        return root;
    }

    private static void copy(final Path from, final Path to, final int n) throws IOException {
        Files.createDirectories(to);
        for (final Path f : MailCorpus.files(from).subList(0, n)) {
            Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    @Test
    void shouldTrainTheSameWordsModelByteForByteFromTheSameSeed() throws IOException {
        final Path mail = subset("mail", 40, 20);
        final Path a = dir.resolve("a.json");
        final Path b = dir.resolve("b.json");
        final Run ra = run("train", "--mail", mail, "--out", a, "--folds", "3", "--seed", "7");
        assertEquals(0, ra.code(), ra.err());
        assertEquals(0, run("train", "--mail", mail, "--out", b, "--folds", "3", "--seed", "7").code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));

        assertTrue(ra.out().startsWith("cross-validation (3-fold stratified, seed 7, out-of-fold scores pooled), "
                + "threshold for max false-positive rate 0.004:"), ra.out());
        assertTrue(ra.out().contains("confusion matrix"), ra.out());
        final Model model = ModelLoader.load(a);
        assertEquals("words", model.featurizer().type());
        assertEquals("spamassassin-words", model.name());
        final JsonNode training = Json.mapper().readTree(a.toFile()).get("training");
        assertEquals(60, training.get("data").get("files").asInt());
        assertEquals(mail.getFileName().toString(), training.get("data").get("directory").asText());
        assertEquals(0.004, training.get("crossValidation").get("maxFalsePositiveRate").asDouble());
        assertEquals(MailTrainer.ATTRIBUTION, training.get("attribution").asText());
    }

    @Test
    void shouldTrainASpambaseFeaturizerModelWithTheGivenBudgetAndName() throws IOException {
        final Path mail = subset("mail", 30, 15);
        final Path out = dir.resolve("s.json");
        final Run r = run("train", "--mail", mail, "--out", out, "--folds", "3", "--featurizer", "SPAMBASE",
                "--max-false-positive-rate", "0.1", "--epochs", "20", "--name", "sb", "--version", "2");
        assertEquals(0, r.code(), r.err());
        final Model model = ModelLoader.load(out);
        assertEquals("spambase", model.featurizer().type());
        assertEquals(57, model.featureCount());
        assertEquals("sb", model.name());
        assertEquals(0.1, model.training().get("crossValidation").get("maxFalsePositiveRate").asDouble());
        assertEquals(20, model.training().get("hyperParameters").get("epochs").asInt());
    }

    @Test
    void shouldRefuseDataAndMailTogetherAndNeither() {
        final Run both = run("train", "--data", "data/spambase.csv", "--mail", "data/mail/train", "--out", dir.resolve("m.json"));
        assertEquals(2, both.code());
        assertTrue(both.err().startsWith("--data and --mail are mutually exclusive"), both.err());
        final Run neither = run("train", "--out", dir.resolve("m.json"));
        assertEquals(2, neither.code());
        assertTrue(neither.err().startsWith("missing --data CSV or --mail DIR"), neither.err());
        final Run evalBoth = run("evaluate", "--model", "config/email-model.json", "--data", "data/spambase.csv",
                "--mail", "data/mail/demo");
        assertEquals(2, evalBoth.code());
        assertTrue(evalBoth.err().startsWith("--data and --mail are mutually exclusive"), evalBoth.err());
    }

    @Test
    void shouldRefuseOptionsThatDoNotApplyToTheSource() throws IOException {
        final Path mail = subset("mail", 3, 3);
        final Run transform = run("train", "--mail", mail, "--out", dir.resolve("m.json"), "--transform", "none");
        assertEquals(2, transform.code());
        assertTrue(transform.err().startsWith("--transform applies to --data and --featurizer spambase only"), transform.err());
        final Run featurizer = run("train", "--data", "data/spambase.csv", "--out", dir.resolve("m.json"), "--featurizer", "words");
        assertEquals(2, featurizer.code());
        assertTrue(featurizer.err().startsWith("--featurizer applies to --mail only"), featurizer.err());
        final Run unknown = run("train", "--mail", mail, "--out", dir.resolve("m.json"), "--featurizer", "bayes");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("--featurizer must be words or spambase, got 'bayes'"), unknown.err());
        final Run inside = run("train", "--mail", mail, "--out", mail.resolve("ham/model.json"));
        assertEquals(2, inside.code());
        assertTrue(inside.err().startsWith("--out " + mail.resolve("ham/model.json") + " is inside --mail " + mail), inside.err());
    }

    /** One line naming the directory or file, exit 2, nothing written. */
    private void assertBadCorpus(final Path mail, final String expected) {
        final Path out = dir.resolve("bad.json");
        final Run r = run("train", "--mail", mail, "--out", out);
        assertEquals(2, r.code(), r.err());
        final List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(List.of("error: " + expected), errors, r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldExitTwoNamingAMissingFolderAnEmptyCorpusOrAMissingDirectory() throws IOException {
        final Path noSpam = dir.resolve("no-spam");
        Files.createDirectories(noSpam.resolve("ham"));
        assertBadCorpus(noSpam, noSpam + ": has no spam/ folder; a mail corpus needs ham/ and spam/");
        final Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("ham"));
        Files.createDirectories(empty.resolve("spam"));
        assertBadCorpus(empty, empty + ": has 0 ham and 0 spam messages; training needs both");
        final Path missing = dir.resolve("missing");
        assertBadCorpus(missing, missing + ": is not a directory; a mail corpus is a directory with ham/ and spam/");
    }

    @Test
    void shouldExitTwoNamingAFileThatIsNotAMessageOrIsOverTheLimit() throws IOException {
        final Path mail = subset("mail", 3, 3);
        final Path junk = mail.resolve("spam/junk");
        Files.write(junk, new byte[] {0, 1, 2, 3});
        assertBadCorpus(mail, junk + ": cannot be parsed: NUL byte at byte 0 in the header block: binary data, not an RFC 5322 message");
        Files.delete(junk);
        final Path big = mail.resolve("ham/big");
        final byte[] bytes = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 14);
        Files.write(big, bytes);
        assertBadCorpus(mail, big + ": message is over the 10485760-byte limit of one message");
    }

    @Test
    void shouldEvaluateMailWithTheShippedModelAndWriteTheReport() throws IOException {
        final Path mail = subset("mail", 20, 10);
        final Path report = dir.resolve("report.html");
        final Run r = run("evaluate", "--model", "config/email-model.json", "--mail", mail, "--report", report);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("spamassassin-words version 1 (featurizer words) on " + mail + ":"), r.out());
        assertTrue(r.out().contains("rows                 30 (spam 10, ham 20)"), r.out());
        final String html = Files.readString(report);
        assertTrue(html.contains("<svg") && html.contains("30 emails (10 spam, 20 ham)"), html);
    }

    @Test
    void shouldEvaluateTheSpambaseModelOnMailOnlyWithTheSpambaseFeaturizer() throws IOException {
        final Path mail = subset("mail", 6, 4);
        final Run without = run("evaluate", "--model", "config/model.json", "--mail", mail);
        assertEquals(2, without.code());
        assertEquals(1, without.err().lines().count(), without.err());
        assertTrue(without.err().startsWith("error: config/model.json: model spambase-logreg version 1 has no featurizer"),
                without.err());
        final Run with = run("evaluate", "--model", "config/model.json", "--featurizer", "spambase", "--mail", mail);
        assertEquals(0, with.code(), with.err());
        assertTrue(with.out().startsWith("spambase-logreg version 1 (featurizer spambase) on " + mail + ":"), with.out());
        final Run wrong = run("evaluate", "--model", "config/email-model.json", "--featurizer", "spambase", "--mail", mail);
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().startsWith("error: config/email-model.json: model has featurizer words;"), wrong.err());
    }
}
