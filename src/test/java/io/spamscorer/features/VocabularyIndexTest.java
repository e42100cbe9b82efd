package io.spamscorer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VocabularyIndexTest {

    // "Aa" and "BB" share a String hash code, so the table must compare the tokens themselves.
    private static final List<String> VOCABULARY = List.of("click", "subject:free", "aa", "Aa", "BB", "i̇stanbul",
            "straße", "$100", "x");

    private final VocabularyIndex index = new VocabularyIndex(VOCABULARY);

    @Test
    void shouldFindEveryTokenByStringAndNothingElse() {
        for (int i = 0; i < VOCABULARY.size(); i++) {
            assertEquals(i, index.indexOf(VOCABULARY.get(i)), VOCABULARY.get(i));
        }
        assertEquals(-1, index.indexOf("clicks"));
        assertEquals(-1, index.indexOf(""));
        assertEquals(-1, index.indexOf("subject:"));
    }

    @Test
    void shouldFindASliceWithItsPrefixAsTheStringItStandsFor() {
        assertEquals(0, index.indexOf("", "Please CLICK here", 7, 12, true));
        assertEquals(-1, index.indexOf("", "Please CLICK here", 7, 12, false));
        assertEquals(1, index.indexOf("subject:", "Free!", 0, 4, true));
        assertEquals(-1, index.indexOf("", "Free!", 0, 4, true), "free without its prefix is another token");
        assertEquals(7, index.indexOf("", "pay $100 now", 4, 8, true));
        assertEquals(-1, index.indexOf("", "clic", 0, 4, true));
    }

    @Test
    void shouldTellApartTokensWithTheSameHashCode() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals(3, index.indexOf("", "xAa", 1, 3, false));
        assertEquals(4, index.indexOf("", "xBB", 1, 3, false));
        assertEquals(2, index.indexOf("", "xAA", 1, 3, true));
        assertEquals(-1, index.indexOf("", "xbb", 1, 3, true));
    }

    @Test
    void shouldFoldCaseOutsideAsciiExactlyAsStringToLowerCaseDoes() {
        // Locale.ROOT folds U+0130 to "i" + U+0307 (one char becomes two) and leaves ß as is.
        assertEquals("i̇stanbul", "İSTANBUL".toLowerCase(Locale.ROOT));
        assertEquals(5, index.indexOf("", "İSTANBUL", 0, 8, true));
        assertEquals(6, index.indexOf("", "STRAßE", 0, 6, true));
        assertEquals(-1, index.indexOf("", "İSTANBUL", 0, 8, false));
    }
}
