package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The view itself: checked and copied at construction, and its convenience reads. */
class EmailTest {

    private static Email email(final String text, final String html) {
        return new Email(List.of(new Header("Subject", "a"), new Header("received", "r1"), new Header("Received", "r2")),
                "", "a", "", text, html, List.of(), List.of(), false);
    }

    @Test
    void shouldJoinTextAndHtmlOrTakeWhicheverIsNotEmpty() {
        assertEquals("t\nh", email("t", "h").bodyText());
        assertEquals("t", email("t", "").bodyText());
        assertEquals("h", email("", "h").bodyText());
        assertEquals("", email("", "").bodyText());
    }

    @Test
    void shouldLookUpHeadersIgnoringCase() {
        final Email email = email("", "");
        assertEquals("r1", email.header("RECEIVED"));
        assertEquals(List.of("r1", "r2"), email.headerValues("Received"));
        assertEquals("", email.header("X-Missing"));
        assertEquals(List.of(), email.headerValues("X-Missing"));
    }

    @Test
    void shouldNameTheNullFieldAndCopyTheLists() {
        final NullPointerException e = assertThrows(NullPointerException.class,
                () -> new Email(List.of(), "", "", "", null, "", List.of(), List.of(), false));
        assertEquals("text == null", e.getMessage());
        final List<String> links = new ArrayList<>(List.of("http://a.example"));
        final Email email = new Email(List.of(), "", "", "", "", "", links, List.of(), false);
        links.add("http://b.example");
        assertEquals(List.of("http://a.example"), email.links());
        assertThrows(UnsupportedOperationException.class, () -> email.links().add("x"));
    }

    @Test
    void shouldRejectLimitsBelowOne() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmailLimits.defaults().withMaxBytes(0));
        assertEquals("maxBytes must be at least 1, was 0", e.getMessage());
    }
}
