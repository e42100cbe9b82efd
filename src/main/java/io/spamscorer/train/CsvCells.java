package io.spamscorer.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of one line of a {@link Dataset}'s CSV, as cells: the header (named, distinct columns, the label among
 * them), a row's width, and each cell's number and label. Every failure is a {@link DatasetException} naming the
 * source, the 1-based line and the column.
 */
final class CsvCells {

    /** Plain decimal notation only: Double.parseDouble would also take "NaN", "1d" and hex floats. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(?:nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private CsvCells() {
    }

    /** Splits on commas; {@code header} is null while reading the header itself (columns are then numbered). */
    static String[] cells(final String source, final int line, final String text, final String[] header) {
        final String[] cells = text.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
            if (cells[i].indexOf('"') >= 0) {
                final String column = header != null && i < header.length ? header[i] : Integer.toString(i + 1);
                throw new DatasetException(source + " line " + line + ", column " + column
                        + ": quoted fields are not supported (found a double quote); write the CSV without quotes");
            }
        }
        return cells;
    }

    /** Checks the header row and returns the index of the {@code label} column. */
    static int checkHeader(final String source, final String[] header, final String label) {
        final Map<String, Integer> seen = new HashMap<>();
        int labelCol = -1;
        for (int c = 0; c < header.length; c++) {
            if (header[c].isEmpty()) {
                throw new DatasetException(source + " line 1: column " + (c + 1) + " has no name");
            }
            final Integer first = seen.putIfAbsent(header[c], c);
            if (first != null) {
                throw new DatasetException(source + " line 1, column " + header[c] + ": name repeats column " + (first + 1));
            }
            if (header[c].equals(label)) {
                labelCol = c;
            }
        }
        if (labelCol < 0) {
            throw new DatasetException(source + " line 1: no label column '" + label + "' in the header ("
                    + header.length + " columns: " + abbreviate(header) + ")");
        }
        if (header.length < 2) {
            throw new DatasetException(source + " line 1: only the label column '" + label + "'; no feature columns");
        }
        return labelCol;
    }

    private static String abbreviate(final String[] header) {
        final int shown = Math.min(header.length, 3);
        final String head = String.join(", ", List.of(header).subList(0, shown));
        return header.length > shown ? head + ", …" : head;
    }

    static void checkWidth(final String source, final int line, final String[] row, final String[] header) {
        if (row.length == 1 && row[0].isEmpty()) {
            throw new DatasetException(source + " line " + line + " is empty; expected " + header.length + " cells");
        }
        if (row.length < header.length) {
            throw new DatasetException(source + " line " + line + ", column " + header[row.length] + ": no cell (row has "
                    + row.length + " cells but the header has " + header.length + " columns)");
        }
        if (row.length > header.length) {
            throw new DatasetException(source + " line " + line + ": row has " + row.length + " cells but the header has "
                    + header.length + " columns (cell " + (header.length + 1) + " comes after the last column, "
                    + header[header.length - 1] + ")");
        }
    }

    static double number(final String source, final int line, final String column, final String cell) {
        final String where = source + " line " + line + ", column " + column + ": ";
        if (cell.isEmpty()) {
            throw new DatasetException(where + "missing value (empty cell)");
        }
        if (NON_FINITE.matcher(cell).matches()) {
            throw new DatasetException(where + "'" + cell + "' is not a finite number");
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw new DatasetException(where + "'" + cell + "' is not a number");
        }
        final double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new DatasetException(where + "'" + cell + "' is not a finite number (out of double range)");
        }
        return v;
    }

    static int labelValue(final String source, final int line, final String column, final String cell, final double v) {
        if (v == 0.0) {
            return 0;
        }
        if (v == 1.0) {
            return 1;
        }
        throw new DatasetException(source + " line " + line + ", column " + column + ": label '" + cell
                + "' must be 0 (ham) or 1 (spam)");
    }
}
