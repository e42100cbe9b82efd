package io.spamscorer.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.features.Featurizer;
import io.spamscorer.features.SparseVector;
import io.spamscorer.json.Json;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.model.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A base corpus for {@code retrain}, featurized onto the live model's features: a labelled mail directory through the
 * model's own featurizer (as {@code train --mail} reads it, with {@link MailCorpus}), or a labelled CSV through
 * {@link Dataset} with its columns narrowed and ordered to the model's features (as {@code train --data} reads it).
 *
 * @param source     how messages name it, e.g. the directory or file as given
 * @param provenance what the model's {@code training.data.base} records (no absolute path, no timestamp)
 */
public record RetrainBase(String source, ObjectNode provenance, List<SparseVector> rows, int[] labels) {

    public RetrainBase {
        Objects.requireNonNull(source, "source == null");
        Objects.requireNonNull(provenance, "provenance == null");
        rows = List.copyOf(rows);
        labels = labels.clone();
        if (rows.size() != labels.length) {
            throw new IllegalArgumentException(rows.size() + " rows but " + labels.length + " labels");
        }
    }

    /** {@code DIR/ham} and {@code DIR/spam} through {@code live}'s featurizer. */
    public static RetrainBase mail(final Path dir, final String directoryName, final Model live) {
        final Featurizer featurizer = live.featurizer();
        if (featurizer == null) {
            throw new DatasetException("--base-mail needs a live model that carries a featurizer; " + live
                    + " scores feature records, so give its base corpus as a CSV with --base-data");
        }
        final MailCorpus corpus = MailCorpus.read(dir, EmailLimits.defaults());
        final List<SparseVector> rows = new ArrayList<>(corpus.size());
        for (final MailCorpus.Mail m : corpus.mails()) {
            rows.add(featurizer.featurize(m.email()));
        }
        final ObjectNode p = Json.mapper().createObjectNode();
        p.put("directory", directoryName);
        p.put("files", corpus.size());
        p.put("sha256", corpus.sha256());
        p.put("spam", corpus.spamCount());
        p.put("ham", corpus.hamCount());
        p.put("featurizer", featurizer.type());
        return new RetrainBase(dir.toString(), p, rows, corpus.labels());
    }

    /** A labelled CSV ({@code spam} = 1/0) whose columns include every feature of {@code live}. */
    public static RetrainBase csv(final Path file, final Model live) {
        final Dataset data = Dataset.read(file, "spam").select(live.features());
        final List<SparseVector> rows = new ArrayList<>(data.rows());
        final int[] labels = new int[data.rows()];
        for (int r = 0; r < data.rows(); r++) {
            rows.add(SparseVector.of(data.row(r)));
            labels[r] = data.label(r);
        }
        final ObjectNode p = Json.mapper().createObjectNode();
        p.put("file", data.fileName());
        p.put("sha256", data.sha256());
        p.put("rows", data.rows());
        p.put("spam", data.spamCount());
        p.put("ham", data.hamCount());
        return new RetrainBase(file.toString(), p, rows, labels);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    public int size() {
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
        return size() - spamCount();
    }
}
