package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** URLs in plain text: what {@link Links#scan} finds, and that it finds them in one pass however the text is built. */
class LinksTest {

    private static List<String> scan(final String text) {
        final Links links = new Links(1000, 2048);
        links.scan(text);
        return links.toList();
    }

    @Test
    void shouldFindSchemeAndWordInitialWwwUrlsWithoutTrailingPunctuation() {
        assertEquals(List.of("http://a.example/x", "HTTPS://b.example", "www.c.example", "WWW.d.example/p?q=1"),
                scan("see http://a.example/x, (HTTPS://b.example) or www.c.example. WWW.d.example/p?q=1!"));
    }

    @Test
    void shouldSkipWwwInsideAWordMixedCaseWwwAndBareSchemes() {
        assertEquals(List.of(), scan("awww.a.example x.www.b.example /www.c wWw.d.example http:// https://. ftp://e"));
        assertEquals(List.of("www.b.example"), scan("awww.a.example www.b.example"));
    }

    @Test
    void shouldStopAtWhiteSpaceAndTheCharactersThatCannotBeInAUrl() {
        assertEquals(List.of("http://a", "http://b", "http://c", "http://d"),
                scan("http://a<x http://b\"y http://c\u00a0z http://d\tw"));
    }

    @Test
    void shouldKeepEachLinkOnceAndCutByCountAndLength() {
        final Links links = new Links(2, 12);
        links.scan("http://a http://a http://b http://long.example.com http://a");
        assertEquals(List.of("http://a", "http://b"), links.toList());
        assertTrue(links.truncated());
        final Links one = new Links(10, 12);
        one.scan("http://a.example.com");
        assertEquals(List.of("http://a.exa"), one.toList());
        assertTrue(one.truncated());
    }

    @Test
    void shouldFindNothingInEmptyOrLinklessText() {
        final Links links = new Links(10, 100);
        links.scan("");
        links.scan("no links here: http:/ www, wwwx.");
        assertEquals(List.of(), links.toList());
        assertFalse(links.truncated());
    }

    @Test
    void shouldScan200kCharsOfHttpFragmentsToTheLinksTheyHold() {
        // Fragments that start a scheme or a "www." and end at once, so that every position could start a search.
        final StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            text.append("http").append("http:").append("http:/").append("http:// ").append("https://, ")
                    .append("www. ").append("xwww.x ").append("http://h").append(i % 7).append(' ');
        }
        assertEquals(List.of("http://h0", "http://h1", "http://h2", "http://h3", "http://h4", "http://h5", "http://h6"),
                scan(text.toString()));
    }

    @Test
    void shouldScanAMegabyteOfWwwLinksWithoutAnUpperCaseOneToTheFirstThousand() {
        // Before, each "www." link searched for "WWW." to the end of the text again: the square of 1 MB.
        final StringBuilder text = new StringBuilder();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; text.length() < 1 << 20; i++) {
            text.append("www.").append(i).append(' ');
            if (i < 1000) {
                expected.add("www." + i);
            }
        }
        final Links links = new Links(1000, 2048);
        links.scan(text.toString());
        assertEquals(expected, links.toList());
        assertTrue(links.truncated());
        final Links upper = new Links(1000, 2048);
        upper.scan(text.toString().replace("www.", "WWW.") + " www.last");
        assertEquals(expected.stream().map(s -> s.replace("www.", "WWW.")).toList(), upper.toList());
    }

    @Test
    void shouldFindExactlyWhatTheQuadraticScanFoundInRandomText() {
        final String[] pieces = {"http", "https", "HTTP", "://", ":/", "www.", "WWW.", "wWw.", "ww", "w", ".", ",", ")",
            "(", "!", "a", "b1", "-", "_", "@", "/", " ", "\t", "\n", "\u00a0", "<", "\"", "'", "é", "x.example"};
        final Random random = new Random(12);
        for (int round = 0; round < 5_000; round++) {
            final StringBuilder text = new StringBuilder();
            final int length = random.nextInt(80);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            final int maxLinks = 1 + random.nextInt(6);
            final int maxChars = 1 + random.nextInt(30);
            final Links expected = new Links(maxLinks, maxChars);
            LinksReference.scan(text.toString(), expected);
            final Links actual = new Links(maxLinks, maxChars);
            actual.scan(text.toString());
            assertEquals(expected.toList(), actual.toList(), text::toString);
            assertEquals(expected.truncated(), actual.truncated(), text::toString);
        }
    }
}
