package io.spamscorer.train;

import io.spamscorer.model.Transform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled feature table read from simple CSV: UTF-8, comma-separated, one header row, no quoting, LF or CRLF
 * line ends, optional trailing newline, lines up to 1 MiB and files up to 256 MiB (see {@link CsvLines}). Every cell must be a finite decimal number and the label 0 (ham) or 1 (spam);
 * anything else fails with a {@link DatasetException} naming the 1-based line and the column. Immutable.
 */
public final class Dataset {

    private final String source;
    private final String fileName;
    private final String sha256;
    private final String label;
    private final List<String> features;
    private final double[][] x;
    private final int[] y;
    private final int[] lines;

    private Dataset(final String source, final String fileName, final String sha256, final String label,
                    final List<String> features, final double[][] x, final int[] y, final int[] lines) {
        this.source = source;
        this.fileName = fileName;
        this.sha256 = sha256;
        this.label = label;
        this.features = List.copyOf(features);
        this.x = x;
        this.y = y;
        this.lines = lines;
    }

    /** Reads and validates a CSV file; {@code label} names the 0/1 column, every other column is a feature. */
    public static Dataset read(final Path path, final String label) {
        final Path name = path.getFileName();
        final String fileName = name == null ? path.toString() : name.toString();
        try {
            final long size = Files.size(path);
            if (size > CsvLines.MAX_FILE_BYTES) {
                throw new DatasetException(path + " is " + size + " bytes; the limit for a data file is " + CsvLines.MAX_FILE_BYTES);
            }
            try (InputStream in = Files.newInputStream(path)) {
                return parse(path.toString(), fileName, in, label);
            }
        } catch (final NoSuchFileException e) {
            throw new DatasetException(path + ": no such file", e);
        } catch (final IOException e) {
            throw new DatasetException(path + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses CSV bytes; {@code source} is used in error messages, {@code fileName} is recorded in the model. */
    public static Dataset parse(final String source, final String fileName, final byte[] bytes, final String label) {
        try {
            return parse(source, fileName, new ByteArrayInputStream(bytes), label);
        } catch (final IOException e) {
            throw new UncheckedIOException("reading an array cannot fail", e);
        }
    }

    private static Dataset parse(final String source, final String fileName, final InputStream in, final String label)
            throws IOException {
        final CsvLines lines = new CsvLines(source, in);
        String[] header = null;
        int labelCol = -1;
        final List<double[]> x = new ArrayList<>();
        final List<Integer> y = new ArrayList<>();
        final List<Integer> lineNumbers = new ArrayList<>();
        int firstBlank = 0; // a blank line is an error only when a non-blank one follows: trailing newlines end the file
        String text;
        while ((text = lines.next()) != null) {
            final int line = lines.lineNumber();
            if (text.isBlank()) {
                firstBlank = firstBlank == 0 ? line : firstBlank;
                continue;
            }
            if (firstBlank != 0) {
                if (header == null) {
                    throw new DatasetException(source + " line 1: column 1 has no name");
                }
                throw new DatasetException(source + " line " + firstBlank + " is empty; expected " + header.length + " cells");
            }
            if (header == null) {
                header = CsvCells.cells(source, line, text, null);
                labelCol = CsvCells.checkHeader(source, header, label);
                continue;
            }
            final String[] row = CsvCells.cells(source, line, text, header);
            CsvCells.checkWidth(source, line, row, header);
            final double[] values = new double[header.length - 1];
            int f = 0;
            for (int c = 0; c < row.length; c++) {
                final double v = CsvCells.number(source, line, header[c], row[c]);
                if (c == labelCol) {
                    y.add(CsvCells.labelValue(source, line, header[c], row[c], v));
                } else {
                    values[f++] = v;
                }
            }
            x.add(values);
            lineNumbers.add(line);
        }
        if (header == null) {
            throw new DatasetException(source + " is empty: expected a header row and data rows");
        }
        if (x.isEmpty()) {
            throw new DatasetException(source + " has a header but no data rows");
        }
        final List<String> names = new ArrayList<>(header.length - 1);
        for (int c = 0; c < header.length; c++) {
            if (c != labelCol) {
                names.add(header[c]);
            }
        }
        return new Dataset(source, fileName, lines.sha256Hex(), label, names, x.toArray(new double[0][]),
                y.stream().mapToInt(Integer::intValue).toArray(), lineNumbers.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Fails unless both classes occur: a single-class set gives a degenerate neuron and no usable metrics. */
    public Dataset requireBothClasses() {
        final int spam = spamCount();
        if (spam == 0 || spam == rows()) {
            throw new DatasetException(source + ": all " + rows() + " rows have " + label + " = " + (spam == 0 ? 0 : 1)
                    + "; training needs both spam (1) and ham (0) rows");
        }
        return this;
    }

    /** Fails, naming line and column, when a value is outside the transform's domain (log1p needs x > -1). */
    public Dataset requireDomain(final Transform transform) {
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < features.size(); c++) {
                if (!Double.isFinite(transform.apply(x[r][c]))) {
                    throw new DatasetException(source + " line " + lines[r] + ", column " + features.get(c) + ": "
                            + x[r][c] + " is outside the domain of " + transform.wireName()
                            + (transform == Transform.LOG1P ? " (values must be > -1)" : ""));
                }
            }
        }
        return this;
    }

    /** The same rows with the features reordered (and narrowed) to {@code names}, e.g. a model's feature order. */
    public Dataset select(final List<String> names) {
        final int[] idx = new int[names.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = features.indexOf(names.get(i));
            if (idx[i] < 0) {
                throw new DatasetException(source + " line 1: no column '" + names.get(i) + "', which the model needs");
            }
        }
        final double[][] out = new double[x.length][idx.length];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < idx.length; i++) {
                out[r][i] = x[r][idx[i]];
            }
        }
        return new Dataset(source, fileName, sha256, label, names, out, y, lines);
    }

    /** The path or name used in error messages. */
    public String source() {
        return source;
    }

    /** The file name without directories, as recorded in a model's training block. */
    public String fileName() {
        return fileName;
    }

    /** Lower-case hex SHA-256 of the file's bytes. */
    public String sha256() {
        return sha256;
    }

    public String label() {
        return label;
    }

    public List<String> features() {
        return features;
    }

    public int rows() {
        return x.length;
    }

    /** A copy of one row's raw feature values, in {@link #features()} order. */
    public double[] row(final int r) {
        return x[r].clone();
    }

    /** 1 for spam, 0 for ham. */
    public int label(final int r) {
        return y[r];
    }

    /** The 1-based line of row {@code r} in the file. */
    public int line(final int r) {
        return lines[r];
    }

    public int spamCount() {
        int s = 0;
        for (final int v : y) {
            s += v;
        }
        return s;
    }

    public int hamCount() {
        return rows() - spamCount();
    }

    /** Direct access for the trainer's inner loops; callers must not modify it. */
    double[][] matrix() {
        return x;
    }

    /** Direct access for the trainer's inner loops; callers must not modify it. */
    int[] labels() {
        return y;
    }
}
