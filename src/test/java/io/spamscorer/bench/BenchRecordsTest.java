package io.spamscorer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import io.spamscorer.stream.FeatureVector;
import io.spamscorer.stream.MissingFeaturePolicy;
import io.spamscorer.stream.RecordParser;
import io.spamscorer.train.Dataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bench's cached row encoding must be the demo's encoding, byte for byte, and parse back to the row. */
class BenchRecordsTest {

    private static final BenchRecords RECORDS = new BenchRecords(Dataset.read(Path.of("data/spambase.csv"), "spam"));

    @Test
    void shouldEncodeEveryRowExactlyAsTheGeneralEncoderDoes() {
        final Dataset data = RECORDS.data();
        for (int r = 0; r < data.rows(); r++) {
            for (final String id : new String[] {"email-" + r, "lat-" + r, ""}) {
                final int row = r;
                // twice: the first call fills the row's cache, the second reads it
                assertArrayEquals(BenchRecords.encode(id, data.row(r), null), RECORDS.positional(id, r), () -> "row " + row);
                assertArrayEquals(BenchRecords.encode(id, data.row(r), null), RECORDS.positional(id, r), () -> "row " + row);
            }
        }
    }

    @Test
    void shouldEscapeIdsThatJsonCannotTakeAsTheyAre() {
        final Dataset data = RECORDS.data();
        for (final String id : new String[] {"a\"b", "back\\slash", "é", "tab\t", "\u007f", "😀"}) {
            assertArrayEquals(BenchRecords.encode(id, data.row(3), null), RECORDS.positional(id, 3), id);
        }
    }

    @Test
    void shouldParseBackToTheRowsValues() {
        final Model model = ModelLoader.load(Path.of("config/model.json"));
        final RecordParser parser = new RecordParser(MissingFeaturePolicy.REJECT);
        final Dataset data = RECORDS.data();
        for (final int r : new int[] {0, 1, data.rows() - 1, data.rows(), -1}) {
            final FeatureVector v = parser.parse(RECORDS.positional("x-" + r, r), model);
            assertArrayEquals(data.row(Math.floorMod(r, data.rows())), v.values());
        }
    }
}
