package io.spamscorer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spamscorer.mail.Email;
import io.spamscorer.mail.Header;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordFeaturizerTest {

    private static final List<String> ALL = List.of("subject", "from", "mailer", "types", "url", "body");

    static WordOptions options(final String value, final int maxTokens, final List<String> fields) {
        return new WordOptions(true, 2, 12, maxTokens, value, "$'-.", true, fields);
    }

    private static final Email MESSAGE = Emails.of(
            List.of(new Header("Content-Type", "text/plain; charset=\"US-ASCII\""), new Header("X-Mailer", "Foo Mail 1.0")),
            "FREE offer", "Bob <bob@example.com>",
            "Click here, click HERE to remove: $100 -- a 'deal'... supercalifragilistic", "",
            List.of("http://www.spam.example.com:80/x?y", "https://10.0.0.1/"), List.of("image/gif"));

    @Test
    void shouldTagTokensWithTheirFieldInAFixedOrder() {
        final List<String> tokens = new ArrayList<>();
        new WordTokenizer(options("binary", 1000, ALL)).tokens(MESSAGE, tokens::add);
        assertEquals(List.of(
                "subject:free", "subject:offer",
                "from:bob", "from:bob", "from:example.com",
                "mailer:foo", "mailer:mail", "mailer:1.0",
                "type:text/plain", "charset:us-ascii", "attachment:image/gif",
                "url:www.spam.example.com", "url:example.com", "url:10.0.0.1",
                // "a" is below minLength 2, "supercalifragilistic" above maxLength 12; ' - . trimmed from the ends
                "click", "here", "click", "here", "to", "remove", "$100", "deal"), tokens);
    }

    @Test
    void shouldSkipNumbersAndReceiverSideHeadersWhenAsked() {
        final Email mail = Emails.of(List.of(new Header("Received", "from a.example"), new Header("In-Reply-To", "<x@y>"),
                new Header("X-Spam-Status", "No"), new Header("Delivered-To", "me@here")), "", "",
                "On 12 Sep 2002 at 10:30 we sold 100 units of v2", "", List.of(), List.of());
        final List<String> tokens = new ArrayList<>();
        new WordTokenizer(new WordOptions(true, 2, 40, 100, "binary", "'", false, List.of("headers", "body")))
                .tokens(mail, tokens::add);
        assertEquals(List.of("header:in-reply-to", "on", "sep", "at", "we", "sold", "units", "of", "v2"), tokens);
    }

    @Test
    void shouldStopAfterMaxTokens() {
        final List<String> tokens = new ArrayList<>();
        new WordTokenizer(options("binary", 3, ALL)).tokens(MESSAGE, tokens::add);
        assertEquals(List.of("subject:free", "subject:offer", "from:bob"), tokens);
    }

    @Test
    void shouldValueOnlyTokensOfTheVocabularyAndLeaveAbsentOnesZero() {
        final List<String> vocab = List.of("absent", "click", "deal", "subject:free", "url:example.com");
        final SparseVector binary = new WordFeaturizer(options("binary", 1000, ALL), vocab).featurize(MESSAGE);
        assertArrayEquals(new int[] {1, 2, 3, 4}, binary.indices());
        assertArrayEquals(new double[] {1, 1, 1, 1}, binary.values());
        final SparseVector counts = new WordFeaturizer(options("log1p", 1000, ALL), vocab).featurize(MESSAGE);
        assertArrayEquals(new double[] {0, Math.log1p(2), Math.log1p(1), Math.log1p(1), Math.log1p(1)}, counts.toDense());
    }

    @Test
    void shouldReadOnlyTheConfiguredFields() {
        final List<String> tokens = new ArrayList<>();
        new WordTokenizer(options("binary", 1000, List.of("subject"))).tokens(MESSAGE, tokens::add);
        assertEquals(List.of("subject:free", "subject:offer"), tokens);
    }

    @Test
    void shouldRejectARepeatedVocabularyToken() {
        final FeaturizerException e = assertThrows(FeaturizerException.class,
                () -> new WordFeaturizer(options("binary", 10, ALL), List.of("a1", "b2", "a1")));
        assertEquals("model.features[2] repeats 'a1'", e.getMessage());
    }

    @Test
    void shouldCountDistinctHitsTheSameWhetherByBitmapOrBySorting() {
        final java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            final int n = random.nextInt(300);
            final int dimension = 1 + random.nextInt(trial % 2 == 0 ? 200 : 200_000);
            final int[] hits = new int[n];
            for (int k = 0; k < n; k++) {
                hits[k] = random.nextInt(dimension);
            }
            final java.util.TreeSet<Integer> distinct = new java.util.TreeSet<>();
            for (final int h : hits) {
                distinct.add(h);
            }
            final SparseVector v = WordFeaturizer.fromHits(hits.clone(), n, dimension, true);
            assertArrayEquals(distinct.stream().mapToInt(Integer::intValue).toArray(), v.indices(), "trial " + trial);
            for (final double value : v.values()) {
                assertEquals(1.0, value);
            }
        }
    }
}
