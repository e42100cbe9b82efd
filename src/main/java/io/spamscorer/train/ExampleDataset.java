package io.spamscorer.train;

import io.spamscorer.features.SparseVector;
import io.spamscorer.feedback.Example;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The labelled examples of {@code scorer.examples.topic} as training rows over a fixed feature list (the live
 * model's): each example's named features are mapped onto that list by name; names the list does not hold (features
 * of another vocabulary, or of a model that has since been replaced) are dropped and counted, and examples whose
 * features were not captured are skipped and counted. Rows are in id order, so the same examples give the same rows
 * whatever order the topic's partitions were read in. Immutable.
 */
public final class ExampleDataset {

    /** How many names of a report are shown; the rest are only counted. */
    static final int SHOWN_NAMES = 5;

    /**
     * What the mapping did.
     *
     * @param examples        examples given (one per id)
     * @param withoutFeatures examples skipped because they carry no features
     * @param droppedNames    distinct feature names not in the feature list, with how many examples carried each
     * @param droppedValues   feature values dropped in all (one per name per example)
     * @param noKnownFeature  examples kept although none of their features is in the list (an all-zero row)
     */
    public record Report(int examples, int withoutFeatures, Map<String, Integer> droppedNames, long droppedValues,
                         int noKnownFeature) {
        public Report {
            droppedNames = Map.copyOf(droppedNames);
        }

        /** The first {@value #SHOWN_NAMES} dropped names in name order, then "…" when there are more. */
        public String droppedSample() {
            final List<String> names = new ArrayList<>(new TreeMap<>(droppedNames).keySet());
            final String head = String.join(", ", names.subList(0, Math.min(SHOWN_NAMES, names.size())));
            return names.size() > SHOWN_NAMES ? head + ", …" : head;
        }
    }

    private final List<String> features;
    private final List<String> ids;
    private final List<SparseVector> rows;
    private final int[] labels;
    private final Report report;

    private ExampleDataset(final List<String> features, final List<String> ids, final List<SparseVector> rows,
                           final int[] labels, final Report report) {
        this.features = List.copyOf(features);
        this.ids = List.copyOf(ids);
        this.rows = List.copyOf(rows);
        this.labels = labels.clone();
        this.report = report;
    }

    /**
     * Maps {@code examples} (at most one per id, e.g. the compacted topic's latest) onto {@code features}.
     *
     * @throws IllegalArgumentException when two examples share an id
     */
    public static ExampleDataset of(final Collection<Example> examples, final List<String> features) {
        Objects.requireNonNull(examples, "examples == null");
        Objects.requireNonNull(features, "features == null");
        final Map<String, Integer> index = new HashMap<>(features.size() * 2);
        for (int i = 0; i < features.size(); i++) {
            index.put(features.get(i), i);
        }
        final List<Example> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparing(Example::id));
        final List<String> ids = new ArrayList<>();
        final List<SparseVector> rows = new ArrayList<>();
        final List<Integer> labels = new ArrayList<>();
        final Map<String, Integer> dropped = new HashMap<>();
        long droppedValues = 0;
        int withoutFeatures = 0;
        int noKnown = 0;
        for (int e = 0; e < sorted.size(); e++) {
            final Example ex = sorted.get(e);
            if (e > 0 && sorted.get(e - 1).id().equals(ex.id())) {
                throw new IllegalArgumentException("two examples for id " + ex.id() + "; give the latest per id only");
            }
            if (ex.features().isEmpty()) {
                withoutFeatures++;
                continue;
            }
            // feature index → value; a TreeMap so the indices come out ascending, as SparseVector needs
            final TreeMap<Integer, Double> known = new TreeMap<>();
            for (final Map.Entry<String, Double> f : ex.features().entrySet()) {
                final Integer i = index.get(f.getKey());
                if (i == null) {
                    dropped.merge(f.getKey(), 1, Integer::sum);
                    droppedValues++;
                } else if (f.getValue() != 0.0) {
                    known.put(i, f.getValue());
                }
            }
            if (known.isEmpty()) {
                noKnown++;
            }
            ids.add(ex.id());
            rows.add(new SparseVector(features.size(), known.keySet().stream().mapToInt(Integer::intValue).toArray(),
                    known.values().stream().mapToDouble(Double::doubleValue).toArray()));
            labels.add(ex.label().isSpam() ? 1 : 0);
        }
        return new ExampleDataset(features, ids, rows, labels.stream().mapToInt(Integer::intValue).toArray(),
                new Report(examples.size(), withoutFeatures, dropped, droppedValues, noKnown));
    }

    /** The feature list the rows are over. */
    public List<String> features() {
        return features;
    }

    /** The examples' ids, in row order. */
    public List<String> ids() {
        return ids;
    }

    /** One row per example that carried features, in id order. */
    public List<SparseVector> rowVectors() {
        return rows;
    }

    /** 1 = spam, 0 = ham, in row order. */
    public int[] labels() {
        return labels.clone();
    }

    public int rows() {
        return rows.size();
    }

    public int spamCount() {
        int s = 0;
        for (final int l : labels) {
            s += l;
        }
        return s;
    }

    public int hamCount() {
        return rows() - spamCount();
    }

    public Report report() {
        return report;
    }
}
