package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Regression fingerprint of the parser: a SHA-256 over everything {@link Email} holds for every message the
 * repository ships under data/mail (train and demo), one digest per directory so that a change names where it is,
 * after the number of messages and of truncated ones. Speed work on the parser must leave these digests as they are.
 *
 * <p>How the expected digests were produced: with the parser of commit 629b3ee (before the i12-speed changes), by
 * running this test with the expected values empty and copying the digests its failure printed. They change only
 * when the parser's output changes on purpose; then recompute them the same way and say why in the commit.
 *
 * <p>Two sets of limits: the defaults, and tight ones under which links, text, header fields and parts are cut, so
 * that the bounded paths are fingerprinted too.
 */
class EmailCorpusDigestTest {

    static final List<String> DIRECTORIES = List.of("data/mail/train/ham", "data/mail/train/spam",
            "data/mail/demo/ham", "data/mail/demo/spam");

    /** Limits that cut on real mail: 3 links of 24 chars, 2,000 text chars, 40 headers of 120 bytes, 4 parts. */
    static final EmailLimits TIGHT = new EmailLimits(EmailLimits.DEFAULT_MAX_BYTES, 2_000, 40, 120, 4, 3, 3, 24);

    @Test
    void shouldParseTheShippedCorpusToTheRecordedDigestsWithTheDefaultLimits() throws IOException {
        assertEquals(Map.of(
                "data/mail/train/ham",
                "2361 messages, 1 truncated, 0349126ad8ca60c5607b2df889b00deab46d161c703c3650810dced8e7193761",
                "data/mail/train/spam",
                "445 messages, 0 truncated, b1274f2735386eb751aae3390fd2eeb957ee2628685c802714c4cbcdb7925b70",
                "data/mail/demo/ham",
                "264 messages, 0 truncated, c49de983c2a138b5adcf95bc6110cea4419b72566a960f9ae31d7aff7fdf0b40",
                "data/mail/demo/spam",
                "55 messages, 0 truncated, 75d1cc1df72cc04a691b01738e491214b50226b37899466ce4b9db177a85f62c"), digests(EmailLimits.defaults()));
    }

    @Test
    void shouldParseTheShippedCorpusToTheRecordedDigestsWithTightLimits() throws IOException {
        assertEquals(Map.of(
                "data/mail/train/ham",
                "2361 messages, 2297 truncated, b29eee5a0a28d275b396387973bc1d2acc8bc787d0ded67cc68345535c4abd9e",
                "data/mail/train/spam",
                "445 messages, 445 truncated, 62ecdff45fd18b2b763bef940eddd5743c8739a733b6061c8b065fa4842d5072",
                "data/mail/demo/ham",
                "264 messages, 260 truncated, 67d2dcb765ba184080c961ae387858ba180f9d666023b725e6cd560b4bb9ea36",
                "data/mail/demo/spam",
                "55 messages, 55 truncated, 55ee062e7105f18af293dc98b02b2d7db1e43a4a4b612e5c51b5c4fffe82c43d"), digests(TIGHT));
    }

    private static Map<String, String> digests(final EmailLimits limits) throws IOException {
        final EmailParser parser = new EmailParser(limits);
        final Map<String, String> digests = new LinkedHashMap<>();
        for (final String directory : DIRECTORIES) {
            final MessageDigest sha = sha256();
            int messages = 0;
            int truncated = 0;
            for (final Path file : files(Path.of(directory))) {
                put(sha, file.getFileName().toString());
                try {
                    final Email email = parser.parse(Files.readAllBytes(file));
                    put(sha, email);
                    truncated += email.truncated() ? 1 : 0;
                } catch (final InvalidEmailException e) {
                    put(sha, "invalid " + e.reasonClass() + " " + e.getMessage());
                }
                messages++;
            }
            digests.put(directory, messages + " messages, " + truncated + " truncated, " + HexFormat.of().formatHex(sha.digest()));
        }
        return digests;
    }

    /** Every component, each string length-prefixed so that no two different views write the same bytes. */
    private static void put(final MessageDigest sha, final Email email) {
        put(sha, Integer.toString(email.headers().size()));
        for (final Header header : email.headers()) {
            put(sha, header.name());
            put(sha, header.value());
        }
        put(sha, email.messageId());
        put(sha, email.subject());
        put(sha, email.from());
        put(sha, email.text());
        put(sha, email.html());
        put(sha, Integer.toString(email.links().size()));
        email.links().forEach(link -> put(sha, link));
        put(sha, Integer.toString(email.attachments().size()));
        email.attachments().forEach(type -> put(sha, type));
        put(sha, Boolean.toString(email.truncated()));
    }

    private static void put(final MessageDigest sha, final String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    static List<Path> files(final Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
