package io.spamscorer.features;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.mail.Email;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One feature per vocabulary token (the model's {@code features}), valued 1 when the token occurs ({@code binary})
 * or log(1 + count) ({@code log1p}), and exactly 0 when it does not: an explanation then names words the message
 * contains, never the absence of common ones. Cost per message: O(tokens · log tokens), independent of the vocabulary.
 */
public final class WordFeaturizer implements Featurizer {

    public static final String TYPE = "words";

    private final WordTokenizer tokenizer;
    private final List<String> vocabulary;
    private final VocabularyIndex index;

    public WordFeaturizer(final WordOptions options, final List<String> vocabulary) {
        this.tokenizer = new WordTokenizer(options);
        this.vocabulary = List.copyOf(vocabulary);
        if (this.vocabulary.isEmpty()) {
            throw new FeaturizerException("model.features is empty; a words model needs at least one token");
        }
        final Set<String> seen = new HashSet<>(this.vocabulary.size() * 2);
        for (int i = 0; i < this.vocabulary.size(); i++) {
            if (!seen.add(this.vocabulary.get(i))) {
                throw new FeaturizerException("model.features[" + i + "] repeats '" + this.vocabulary.get(i) + "'");
            }
        }
        this.index = new VocabularyIndex(this.vocabulary);
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
        final Hits hits = new Hits(index);
        tokenizer.tokens(email, hits);
        return fromHits(hits.positions, hits.n, vocabulary.size(), tokenizer.options().binary());
    }

    /** Vocabulary positions of the tokens that are in it, in message order, repeats included. */
    private static final class Hits implements TokenSink {
        private final VocabularyIndex index;
        private int[] positions = new int[64];
        private int n;

        Hits(final VocabularyIndex index) {
            this.index = index;
        }

        @Override
        public void token(final String token) {
            add(index.indexOf(token));
        }

        @Override
        public void word(final String prefix, final String text, final int start, final int end, final boolean lowercase) {
            add(index.indexOf(prefix, text, start, end, lowercase));
        }

        private void add(final int position) {
            if (position >= 0) {
                if (n == positions.length) {
                    positions = Arrays.copyOf(positions, n * 2);
                }
                positions[n++] = position;
            }
        }
    }

    /** The matched indices as a vector: binary, 1 per distinct index; else log1p(count). Indices ascend. */
    static SparseVector fromHits(final int[] hits, final int n, final int dimension, final boolean binary) {
        // Marking bits and walking them is cheaper than sorting the hits when the bitmap is small against them.
        if (binary && dimension <= 256L * n) {
            return distinctByBitmap(hits, n, dimension);
        }
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

    private static SparseVector distinctByBitmap(final int[] hits, final int n, final int dimension) {
        final long[] bits = new long[(dimension + 63) >>> 6];
        for (int k = 0; k < n; k++) {
            bits[hits[k] >>> 6] |= 1L << hits[k];
        }
        int distinct = 0;
        for (final long word : bits) {
            distinct += Long.bitCount(word);
        }
        final int[] idx = new int[distinct];
        final double[] val = new double[distinct];
        int j = 0;
        for (int w = 0; w < bits.length; w++) {
            for (long word = bits[w]; word != 0; word &= word - 1) {
                idx[j] = (w << 6) + Long.numberOfTrailingZeros(word);
                val[j++] = 1.0;
            }
        }
        return new SparseVector(dimension, idx, val);
    }

    @Override
    public String toString() {
        return TYPE + " (" + vocabulary.size() + " tokens, " + tokenizer.options() + ")";
    }
}
