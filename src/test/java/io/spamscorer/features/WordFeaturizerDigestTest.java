package io.spamscorer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.mail.InvalidEmailException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * Regression fingerprint of the raw email path up to the model's input: a SHA-256 over the feature vector (dimension,
 * indices, and the exact bits of the values) that config/email-model.json's featurizer gives every message shipped
 * under data/mail, one digest per directory. Speed work on the parser or the featurizer must leave them as they are.
 *
 * <p>How the expected digests were produced: with the code of commit 629b3ee (before the i12-speed changes), by
 * running this test with the expected values empty and copying the digests its failure printed. They change only
 * when parsing or featurizing changes on purpose (or the shipped model does); then recompute them the same way and
 * say why in the commit.
 */
class WordFeaturizerDigestTest {

    private static final List<String> DIRECTORIES = List.of("data/mail/train/ham", "data/mail/train/spam",
            "data/mail/demo/ham", "data/mail/demo/spam");

    @Test
    void shouldFeaturizeTheShippedCorpusToTheRecordedDigests() throws IOException {
        final JsonNode model = Json.mapper().readTree(Path.of("config/email-model.json").toFile());
        final Featurizer featurizer = FeaturizerSpec.fromModel(model);
        final EmailParser parser = new EmailParser(EmailLimits.defaults());
        final Map<String, String> digests = new LinkedHashMap<>();
        for (final String directory : DIRECTORIES) {
            final MessageDigest sha = sha256();
            int messages = 0;
            for (final Path file : files(Path.of(directory))) {
                sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                try {
                    put(sha, featurizer.featurize(parser.parse(Files.readAllBytes(file))));
                } catch (final InvalidEmailException e) {
                    sha.update(("invalid " + e.reasonClass()).getBytes(StandardCharsets.UTF_8));
                }
                messages++;
            }
            digests.put(directory, messages + " " + HexFormat.of().formatHex(sha.digest()));
        }
        assertEquals(Map.of(
                "data/mail/train/ham",
                "2361 5948c4e1b3d62e381b4d66a5085bc1b0b2a3f40433cdb72f7a9ff15814936c91",
                "data/mail/train/spam",
                "445 f6904ea96f06bdeb8a226bacb9d8152237b8e14f7c3f51db93088bdf73c18738",
                "data/mail/demo/ham",
                "264 3b5af4275ac0f3c1e3ce9e6c682c1da60e7791a985996739e7b617c0ec3e107c",
                "data/mail/demo/spam",
                "55 e50c486117bba8190d987d819f61ba12de1fc3fd38a1356bba9eec4c9527e803"), digests);
    }

    private static void put(final MessageDigest sha, final SparseVector vector) {
        final ByteBuffer buffer = ByteBuffer.allocate(8 + 12 * vector.size());
        buffer.putInt(vector.dimension()).putInt(vector.size());
        for (int k = 0; k < vector.size(); k++) {
            buffer.putInt(vector.index(k)).putLong(Double.doubleToRawLongBits(vector.value(k)));
        }
        sha.update(buffer.array());
    }

    private static List<Path> files(final Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
