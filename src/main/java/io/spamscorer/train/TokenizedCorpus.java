package io.spamscorer.train;

import io.spamscorer.features.SparseVector;
import io.spamscorer.features.WordFeaturizer;
import io.spamscorer.features.WordTokenizer;
import io.spamscorer.mail.Email;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every message of a corpus cut into tokens once (distinct tokens and their counts), so that cross-validation can
 * build each fold's vocabulary from its training messages only without tokenizing again.
 */
final class TokenizedCorpus {

    private final String[][] tokens;
    private final int[][] counts;
    private final int[] labels;

    private TokenizedCorpus(final String[][] tokens, final int[][] counts, final int[] labels) {
        this.tokens = tokens;
        this.counts = counts;
        this.labels = labels;
    }

    static TokenizedCorpus of(final List<Email> emails, final int[] labels, final WordTokenizer tokenizer) {
        final String[][] tokens = new String[emails.size()][];
        final int[][] counts = new int[emails.size()][];
        for (int i = 0; i < emails.size(); i++) {
            final Map<String, int[]> c = new TreeMap<>();
            tokenizer.tokens(emails.get(i), t -> c.computeIfAbsent(t, k -> new int[1])[0]++);
            tokens[i] = c.keySet().toArray(new String[0]);
            counts[i] = c.values().stream().mapToInt(a -> a[0]).toArray();
        }
        return new TokenizedCorpus(tokens, counts, labels.clone());
    }

    int size() {
        return tokens.length;
    }

    int label(final int i) {
        return labels[i];
    }

    /**
     * The tokens contained in at least {@code minDf} of {@code rows}, capped to the {@code maxFeatures} most
     * frequent (ties by token), in token order so the model file lists them alphabetically.
     */
    List<String> vocabulary(final int[] rows, final int minDf, final int maxFeatures) {
        final Map<String, int[]> df = new HashMap<>();
        for (final int r : rows) {
            for (final String t : tokens[r]) {
                df.computeIfAbsent(t, k -> new int[1])[0]++;
            }
        }
        final List<Map.Entry<String, int[]>> kept = new ArrayList<>();
        for (final Map.Entry<String, int[]> e : df.entrySet()) {
            if (e.getValue()[0] >= minDf) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? Integer.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
        final int n = maxFeatures > 0 ? Math.min(maxFeatures, kept.size()) : kept.size();
        final String[] vocab = new String[n];
        for (int i = 0; i < n; i++) {
            vocab[i] = kept.get(i).getKey();
        }
        Arrays.sort(vocab);
        return List.of(vocab);
    }

    /** Message {@code r} as a vector over {@code vocabulary}, valued as {@link WordFeaturizer} values it. */
    SparseVector vector(final int r, final Map<String, Integer> vocabulary, final boolean binary) {
        final int[] hits = new int[tokens[r].length];
        final int[] cnt = new int[tokens[r].length];
        int n = 0;
        for (int k = 0; k < tokens[r].length; k++) {
            final Integer i = vocabulary.get(tokens[r][k]);
            if (i != null) {
                hits[n] = i;
                cnt[n++] = counts[r][k];
            }
        }
        // Tokens are sorted and the vocabulary is sorted, so indices already ascend.
        final int[] idx = Arrays.copyOf(hits, n);
        final double[] val = new double[n];
        for (int k = 0; k < n; k++) {
            val[k] = binary ? 1.0 : Math.log1p(cnt[k]);
        }
        return new SparseVector(vocabulary.size(), idx, val);
    }

    static Map<String, Integer> index(final List<String> vocabulary) {
        final Map<String, Integer> idx = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            idx.put(vocabulary.get(i), i);
        }
        return idx;
    }
}
