package io.spamscorer.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.features.WordFeaturizer;
import io.spamscorer.features.WordTokenizer;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.mail.EmailParser;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.train.WordSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The real SpamAssassin messages under src/test/resources/mail and models that featurize them: a words model whose
 * vocabulary is every token of those messages (seeded random weights), and the shipped Spambase model with the
 * {@code spambase} featurizer attached (log1p preprocessing, so every feature contributes).
 */
public final class MailModels {

    /** The messages, as resource names under {@code mail/}, in a fixed order. */
    public static final List<String> MESSAGES = List.of(
            "ham/00775.0e012f373467846510d9db297e99a008", "ham/01280.08e69f637d901fab10aec6c9492d068e",
            "ham/01542.ed72bf2cd81ccd4c076533fb0af004e5", "spam/00035.7ce3307b56dd90453027a6630179282e",
            "spam/00040.949a3d300eadb91d8745f1c1dab51133", "spam/00089.7e7baae6ef4a8fb945d7b3fe551329fe",
            "spam/00124.db848e36f1b4c2705cbc16ef33a302d4", "spam/00139.b2a205ac25d7d907cdfb3f865dbae1ae",
            "spam/00217.43b4ef3d9c56cf42be9c37b546a19e78", "spam/00311.9797029f3ee441b00f3b7521e573cb96",
            "spam/00325.58d1a52f435030dc38568bc12a3d76a2", "spam/00397.1a99f98a5b996f99f3661e9609782932");

    private MailModels() {
    }

    public static byte[] bytes(final String name) {
        try (InputStream in = MailModels.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource mail/" + name);
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every token the default word settings find in {@link #MESSAGES}, sorted. */
    public static List<String> vocabulary() {
        final WordTokenizer tokenizer = new WordTokenizer(WordSettings.defaults().tokens());
        final EmailParser parser = new EmailParser(EmailLimits.defaults());
        final TreeSet<String> tokens = new TreeSet<>();
        for (final String m : MESSAGES) {
            tokenizer.tokens(parser.parse(bytes(m)), tokens::add);
        }
        return new ArrayList<>(tokens);
    }

    /** A words model over {@code vocabulary} with weights uniform in [-1, 1] from {@code seed}, no preprocessing. */
    public static Model words(final String name, final String version, final List<String> vocabulary, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] w = new double[vocabulary.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextDouble(-1, 1);
        }
        return Model.builder().name(name).version(version).features(vocabulary).weights(w).bias(-0.25).threshold(0.5)
                .featurizer(new WordFeaturizer(WordSettings.defaults().tokens(), vocabulary)).build();
    }

    /** {@link #words} over the whole {@link #vocabulary()}. */
    public static Model words(final String name, final String version, final long seed) {
        return words(name, version, vocabulary(), seed);
    }

    /** The shipped config/model.json with {@code "featurizer": {"type": "spambase"}}. */
    public static Model spambase() {
        return ModelLoader.parse(spambaseJson());
    }

    public static byte[] spambaseJson() {
        try {
            final ObjectNode root = (ObjectNode) Json.mapper().readTree(Files.readAllBytes(Path.of("config/model.json")));
            root.putObject("featurizer").put("type", "spambase");
            return Json.mapper().writeValueAsBytes(root);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
