package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every real message of the shared SpamAssassin training corpus parses. Skipped when the corpus is not on this
 * machine (it lives outside the repository, in the workspace's shared data).
 */
class SpamAssassinCorpusTest {

    static final Path CORPUS = Path.of(System.getProperty("spamscorer.corpus",
            "/work/shared/data/spamassassin-train"));

    private final EmailParser parser = new EmailParser(EmailLimits.defaults());

    @Test
    void shouldParseEveryMessageOfTheCorpusIntoHeadersAndSomethingToScore() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "no corpus at " + CORPUS);
        final List<String> failures = new ArrayList<>();
        int parsed = 0;
        final List<String> nothingToScore = new ArrayList<>();
        for (final Path file : files()) {
            try {
                final Email email = parser.parse(Files.readAllBytes(file));
                assertFalse(email.headers().isEmpty(), file.toString());
                if (email.bodyText().isBlank() && email.links().isEmpty() && email.attachments().isEmpty()) {
                    nothingToScore.add(CORPUS.relativize(file).toString());
                }
                parsed++;
            } catch (final InvalidEmailException e) {
                failures.add(CORPUS.relativize(file) + ": " + e.reasonClass() + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(3125, parsed);
        assertEquals(List.of(), nothingToScore, "messages without body text, links or attachments");
    }

    static List<Path> files() throws IOException {
        final List<Path> files = new ArrayList<>();
        for (final String label : List.of("ham", "spam")) {
            try (Stream<Path> listing = Files.list(CORPUS.resolve(label))) {
                listing.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (final UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return files;
    }
}
