package io.spamscorer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spamscorer.json.Json;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.mail.InvalidEmailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The featurizer looks body words up as slices of the text, without building their strings. Over every message of
 * the corpus copy, with the shipped model's vocabulary, that must give exactly the vector of the plain path: every
 * token built as a string (as training builds them), looked up in a map and counted in a sorted one.
 */
class WordFeaturizerCorpusTest {

    @Test
    void shouldFeaturizeEveryCorpusMessageAsTheStringPathDoes() throws IOException {
        final JsonNode model = Json.mapper().readTree(Path.of("config/email-model.json").toFile());
        final WordFeaturizer featurizer = (WordFeaturizer) FeaturizerSpec.fromModel(model);
        final Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < featurizer.featureNames().size(); i++) {
            byName.put(featurizer.featureNames().get(i), i);
        }
        final EmailParser parser = new EmailParser(EmailLimits.defaults());
        int compared = 0;
        int withHits = 0;
        for (final Path file : files()) {
            final Email email;
            try {
                email = parser.parse(Files.readAllBytes(file));
            } catch (final InvalidEmailException e) {
                continue;
            }
            final SparseVector fast = featurizer.featurize(email);
            final SparseVector plain = plainPath(featurizer, byName, email);
            assertArrayEquals(plain.indices(), fast.indices(), file.toString());
            assertArrayEquals(plain.values(), fast.values(), file.toString());
            compared++;
            withHits += fast.size() > 0 ? 1 : 0;
        }
        assertEquals(3125, compared);
        assertTrue(withHits > 3000, "messages with vocabulary tokens: " + withHits);
    }

    private static SparseVector plainPath(final WordFeaturizer featurizer, final Map<String, Integer> byName,
                                          final Email email) {
        final TreeMap<Integer, Integer> counts = new TreeMap<>();
        featurizer.tokenizer().tokens(email, token -> {
            final Integer i = byName.get(token);
            if (i != null) {
                counts.merge(i, 1, Integer::sum);
            }
        });
        final boolean binary = featurizer.options().binary();
        return new SparseVector(featurizer.featureNames().size(),
                counts.keySet().stream().mapToInt(Integer::intValue).toArray(),
                counts.values().stream().mapToDouble(c -> binary ? 1.0 : Math.log1p(c)).toArray());
    }

    private static List<Path> files() throws IOException {
        final List<Path> files = new ArrayList<>();
        for (final String dir : List.of("data/mail/train", "data/mail/demo")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }
}
