package io.spamscorer.features;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.mail.Email;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature per vocabulary token (the model's {@code features}), valued 1 when the token occurs ({@code binary})
 * or log(1 + count) ({@code log1p}), and exactly 0 when it does not: an explanation then names words the message
 * contains, never the absence of common ones. Cost per message: O(tokens · log tokens), independent of the vocabulary.
 */
public final class WordFeaturizer implements Featurizer {

    public static final String TYPE = "words";

    private final WordTokenizer tokenizer;
    private final List<String> vocabulary;
    private final Map<String, Integer> index;

    public WordFeaturizer(final WordOptions options, final List<String> vocabulary) {
        this.tokenizer = new WordTokenizer(options);
        this.vocabulary = List.copyOf(vocabulary);
        if (this.vocabulary.isEmpty()) {
            throw new FeaturizerException("model.features is empty; a words model needs at least one token");
        }
        final Map<String, Integer> idx = new HashMap<>(this.vocabulary.size() * 2);
        for (int i = 0; i < this.vocabulary.size(); i++) {
            final Integer first = idx.putIfAbsent(this.vocabulary.get(i), i);
            if (first != null) {
                throw new FeaturizerException("model.features[" + i + "] repeats '" + this.vocabulary.get(i) + "'");
            }
        }
        this.index = idx;
    }

    public WordOptions options() {
        return tokenizer.options();
    }

    public WordTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> featureNames() {
        return vocabulary;
    }

    @Override
    public ObjectNode spec() {
        final WordOptions o = tokenizer.options();
        final ObjectNode spec = Json.mapper().createObjectNode();
        spec.put("type", TYPE);
        final ArrayNode fields = spec.putArray("fields");
        o.fields().forEach(fields::add);
        spec.put("lowercase", o.lowercase());
        spec.put("minLength", o.minLength());
        spec.put("maxLength", o.maxLength());
        spec.put("maxTokens", o.maxTokens());
        spec.put("value", o.value());
        spec.put("extraChars", o.extraChars());
        spec.put("numbers", o.numbers());
        return spec;
    }

    @Override
    public SparseVector featurize(final Email email) {
        final int[][] hits = {new int[64]};
        final int[] n = {0};
        tokenizer.tokens(email, token -> {
            final Integer i = index.get(token);
            if (i != null) {
                if (n[0] == hits[0].length) {
                    hits[0] = Arrays.copyOf(hits[0], n[0] * 2);
                }
                hits[0][n[0]++] = i;
            }
        });
        return fromHits(hits[0], n[0], vocabulary.size(), tokenizer.options().binary());
    }

    /** Sorts the matched indices and turns repeats into counts (binary: 1, else log1p(count)). */
    static SparseVector fromHits(final int[] hits, final int n, final int dimension, final boolean binary) {
        Arrays.sort(hits, 0, n);
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            distinct += k == 0 || hits[k] != hits[k - 1] ? 1 : 0;
        }
        final int[] idx = new int[distinct];
        final double[] val = new double[distinct];
        int j = -1;
        for (int k = 0; k < n; k++) {
            if (k == 0 || hits[k] != hits[k - 1]) {
                idx[++j] = hits[k];
                val[j] = 1;
            } else {
                val[j]++;
            }
        }
        for (int k = 0; k < distinct; k++) {
            val[k] = binary ? 1.0 : Math.log1p(val[k]);
        }
        return new SparseVector(dimension, idx, val);
    }

    @Override
    public String toString() {
        return TYPE + " (" + vocabulary.size() + " tokens, " + tokenizer.options() + ")";
    }
}
