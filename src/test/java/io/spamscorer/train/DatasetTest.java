package io.spamscorer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spamscorer.model.Transform;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetTest {

    private static Dataset parse(final String csv) {
        return Dataset.parse("data/x.csv", "x.csv", csv.getBytes(StandardCharsets.UTF_8), "spam");
    }

    private static String error(final String csv) {
        return assertThrows(DatasetException.class, () -> parse(csv)).getMessage();
    }

    @Test
    void shouldReadHeaderFeaturesAndLabelsWithCrlfAndTrailingNewline() {
        final Dataset d = parse("a,spam,b\r\n1.5,1,2\r\n-3,0,4e2\r\n");
        assertEquals(List.of("a", "b"), d.features());
        assertEquals(2, d.rows());
        assertArrayEquals(new double[] {1.5, 2.0}, d.row(0));
        assertArrayEquals(new double[] {-3.0, 400.0}, d.row(1));
        assertEquals(1, d.label(0));
        assertEquals(0, d.label(1));
        assertEquals(3, d.line(1));
        assertEquals(1, d.spamCount());
        assertEquals(1, d.hamCount());
    }

    @Test
    void shouldReadWithoutTrailingNewline() {
        assertEquals(2, parse("a,spam\n1,1\n2,0").rows());
    }

    @Test
    void shouldReadProjectCopyOfSpambase() {
        final Dataset d = Dataset.read(Path.of("data/spambase.csv"), "spam");
        assertEquals(4601, d.rows());
        assertEquals(1813, d.spamCount());
        assertEquals(2788, d.hamCount());
        assertEquals(57, d.features().size());
        assertEquals("word_freq_make", d.features().get(0));
        assertEquals("capital_run_length_total", d.features().get(56));
        assertEquals("43cbe9a4be4f1261587a0d094f331fbfb2f20c1284d733d3a612a3692a19ab4b", d.sha256());
        assertEquals("spambase.csv", d.fileName());
    }

    @Test
    void shouldRejectRaggedRowNamingLine() {
        assertEquals("data/x.csv line 3, column spam: no cell (row has 2 cells but the header has 3 columns)",
                error("a,b,spam\n1,2,1\n1,0\n"));
        assertEquals("data/x.csv line 2: row has 4 cells but the header has 3 columns (cell 4 comes after the last column, spam)",
                error("a,b,spam\n1,2,1,7\n"));
    }

    @Test
    void shouldRejectBlankLineInsideFileNamingLine() {
        assertEquals("data/x.csv line 3 is empty; expected 2 cells", error("a,spam\n1,1\n\n2,0\n"));
    }

    @Test
    void shouldRejectMissingValueNamingLineAndColumn() {
        assertEquals("data/x.csv line 3, column b: missing value (empty cell)", error("a,b,spam\n1,2,1\n1,,0\n"));
    }

    @Test
    void shouldRejectNonNumericCellNamingLineAndColumn() {
        assertEquals("data/x.csv line 7, column word_freq_make: 'abc' is not a number",
                error("word_freq_make,spam\n1,1\n2,0\n3,1\n4,0\n5,1\nabc,0\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf"})
    void shouldRejectNonFiniteCell(final String cell) {
        assertEquals("data/x.csv line 3, column a: '" + cell + "' is not a finite number",
                error("a,spam\n1,1\n" + cell + ",0\n"));
    }

    @Test
    void shouldRejectNumberOutsideDoubleRange() {
        assertEquals("data/x.csv line 2, column a: '1e999' is not a finite number (out of double range)",
                error("a,spam\n1e999,1\n2,0\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "1d", "1f", "1,5e", "--1"})
    void shouldRejectNonDecimalNotationThatJavaWouldParse(final String cell) {
        // "1,5e" also turns the row ragged; either way the data set is refused, never misread.
        assertThrows(DatasetException.class, () -> parse("a,spam\n" + cell + ",1\n2,0\n"));
    }

    @Test
    void shouldRejectMissingLabelColumn() {
        assertEquals("data/x.csv line 1: no label column 'spam' in the header (3 columns: a, b, class)",
                error("a,b,class\n1,2,1\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "-1", "0.5", "yes"})
    void shouldRejectLabelOtherThanZeroOrOne(final String label) {
        final String message = error("a,spam\n1,1\n2," + label + "\n");
        final String expected = label.equals("yes")
                ? "data/x.csv line 3, column spam: 'yes' is not a number"
                : "data/x.csv line 3, column spam: label '" + label + "' must be 0 (ham) or 1 (spam)";
        assertEquals(expected, message);
    }

    @Test
    void shouldRejectSingleClassForTraining() {
        final Dataset d = parse("a,spam\n1,1\n2,1\n");
        final DatasetException e = assertThrows(DatasetException.class, d::requireBothClasses);
        assertEquals("data/x.csv: all 2 rows have spam = 1; training needs both spam (1) and ham (0) rows", e.getMessage());
    }

    @Test
    void shouldRejectEmptyFile() {
        assertEquals("data/x.csv is empty: expected a header row and data rows", error(""));
        assertEquals("data/x.csv is empty: expected a header row and data rows", error("\r\n\n"));
    }

    @Test
    void shouldRejectHeaderOnlyFile() {
        assertEquals("data/x.csv has a header but no data rows", error("a,b,spam\n"));
    }

    @Test
    void shouldRejectDuplicateColumnNames() {
        assertEquals("data/x.csv line 1, column a: name repeats column 1", error("a,a,spam\n1,2,1\n"));
    }

    @Test
    void shouldRejectValueOutsideLog1pDomainNamingLineAndColumn() {
        final Dataset d = parse("a,b,spam\n1,2,1\n1,-1,0\n");
        final DatasetException e = assertThrows(DatasetException.class, () -> d.requireDomain(Transform.LOG1P));
        assertEquals("data/x.csv line 3, column b: -1.0 is outside the domain of log1p (values must be > -1)", e.getMessage());
        d.requireDomain(Transform.NONE);
    }

    @Test
    void shouldReportMissingFile() {
        final DatasetException e = assertThrows(DatasetException.class,
                () -> Dataset.read(Path.of("data/does-not-exist.csv"), "spam"));
        assertEquals("data/does-not-exist.csv: no such file", e.getMessage());
    }

    @Test
    void shouldSelectColumnsInModelOrderByName() {
        final Dataset d = parse("a,b,spam\n1,2,1\n3,4,0\n").select(List.of("b", "a"));
        assertArrayEquals(new double[] {4.0, 3.0}, d.row(1));
        final DatasetException e = assertThrows(DatasetException.class, () -> d.select(List.of("z")));
        assertEquals("data/x.csv line 1: no column 'z', which the model needs", e.getMessage());
    }

    private static String error(final byte[] csv) {
        return assertThrows(DatasetException.class, () -> Dataset.parse("data/x.csv", "x.csv", csv, "spam")).getMessage();
    }

    @Test
    void shouldRejectALatin1HeaderNamingFileAndLineInsteadOfReplacingTheCharacter() {
        final byte[] latin1 = "caf\u00e9,spam\n1,1\n2,0\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("data/x.csv line 1: not valid UTF-8 at byte 4 of the line; save the file as UTF-8", error(latin1));
    }

    @Test
    void shouldRejectInvalidUtf8InADataRowNamingTheLine() {
        final byte[] csv = "a,spam\n1,1\n2\u00a0,0\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("data/x.csv line 3: not valid UTF-8 at byte 2 of the line; save the file as UTF-8", error(csv));
    }

    @Test
    void shouldKeepUtf8NamesAndDropAByteOrderMark() {
        final Dataset d = parse("\uFEFFcaf\u00e9,spam\n1,1\n2,0\n");
        assertEquals(List.of("caf\u00e9"), d.features());
    }

    @Test
    void shouldSayQuotedFieldsAreNotSupportedNamingLineAndColumn() {
        assertEquals("data/x.csv line 1, column 1: quoted fields are not supported (found a double quote); "
                + "write the CSV without quotes", error("\"a\",spam\n1,1\n2,0\n"));
        assertEquals("data/x.csv line 3, column a: quoted fields are not supported (found a double quote); "
                + "write the CSV without quotes", error("a,b,spam\n1,2,1\n\"1,5\",2,0\n"));
    }

    @Test
    void shouldRejectALineOverTheLengthLimitNamingFileAndLine() {
        final String longRow = "1".repeat(CsvLines.MAX_LINE_BYTES) + ",1";
        assertEquals("data/x.csv line 3: line is over 1048576 bytes", error("a,spam\n1,1\n" + longRow + "\n2,0\n"));
    }

    @Test
    void shouldRejectAFileOverTheSizeLimitBeforeReadingIt(@TempDir final Path dir) throws IOException {
        final Path big = dir.resolve("big.csv");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(CsvLines.MAX_FILE_BYTES + 1); // sparse: costs no disk and is never read
        }
        final DatasetException e = assertThrows(DatasetException.class, () -> Dataset.read(big, "spam"));
        assertEquals(big + " is " + (CsvLines.MAX_FILE_BYTES + 1) + " bytes; the limit for a data file is "
                + CsvLines.MAX_FILE_BYTES, e.getMessage());
    }
}
