package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real messages broken the ways real mail is broken, and hostile ones: each parses, bounded, flagged when cut. */
class EmailParserBrokenMailTest {

    private final EmailParser parser = new EmailParser(EmailLimits.defaults());

    private static String latin1(final byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(final String raw) {
        return raw.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int headerEnd(final String raw) {
        return raw.indexOf("\n\n") + 1;
    }

    @Test
    void shouldReadAMultipartWhoseBoundaryNeverOccursAsText() {
        final String raw = latin1(RealMail.bytes(RealMail.ATTACHMENT))
                .replace("------=_NextPart_000_0005_01C26412.7545C1D0", "------=_Damaged");
        final Email email = parser.parse(latin1(raw));
        assertTrue(email.text().contains("American liberalism believes"), email.text());
        assertEquals("Liberalism in America", email.subject());
        assertFalse(email.truncated());
    }

    @Test
    void shouldReadTheLastPartToTheEndWhenTheClosingBoundaryIsMissing() {
        final String raw = latin1(RealMail.bytes(RealMail.ALTERNATIVE));
        final String cut = raw.substring(0, raw.lastIndexOf("------=_NextPart_000_26B382_01C24DC8.0B7C5210--"));
        final Email email = parser.parse(latin1(cut));
        assertTrue(email.text().contains("Slim Patch - Weight Loss Patches"), email.text());
        assertTrue(email.html().contains("Free Legal Advice"), email.html());
    }

    @Test
    void shouldAcceptHeadersWithAnEmptyBody() {
        final String raw = latin1(RealMail.bytes(RealMail.LATIN1));
        final Email email = parser.parse(latin1(raw.substring(0, headerEnd(raw) + 1)));
        assertEquals("Nessus?", email.subject());
        assertEquals("", email.text());
        assertEquals("", email.bodyText());
        assertEquals(List.of(), email.links());
    }

    @Test
    void shouldAcceptHeadersOnlyWithoutTheBlankLine() {
        final String raw = latin1(RealMail.bytes(RealMail.LATIN1));
        final Email email = parser.parse(latin1(raw.substring(0, headerEnd(raw) - 1)));
        assertEquals("Ville Skyttä <ville.skytta@iki.fi>", email.from());
        assertEquals("", email.bodyText());
    }

    @Test
    void shouldCutAOneMegabyteHeaderAndKeepTheRestOfTheMessage() {
        final String raw = latin1(RealMail.bytes(RealMail.LATIN1));
        final String huge = "X-Huge: " + "spam ".repeat(200_000) + "\n";
        final Email email = parser.parse(latin1(huge + raw));
        assertTrue(email.truncated());
        final String value = email.header("X-Huge");
        assertTrue(value.startsWith("spam spam"), value.substring(0, 20));
        assertTrue(value.length() < EmailLimits.defaults().maxHeaderBytes(), "cut: " + value.length());
        assertEquals("Nessus?", email.subject());
        assertTrue(email.text().contains("Any plans for rolling Nessus RPMs for RH8?"), email.text());
    }

    @Test
    void shouldCutAOneMegabyteFoldedHeader() {
        final String raw = latin1(RealMail.bytes(RealMail.LATIN1));
        final String folded = "Received: from a" + "\n\tby relay.example.org".repeat(50_000) + "\n";
        final Email email = parser.parse(latin1(folded + raw));
        assertTrue(email.truncated());
        assertTrue(email.header("Received").length() < EmailLimits.defaults().maxHeaderBytes());
        assertEquals("Nessus?", email.subject());
    }

    @Test
    void shouldKeepOnlyMaxHeadersTopLevelHeaders() {
        final String raw = latin1(RealMail.bytes(RealMail.LATIN1));
        final Email email = parser.parse(latin1("X-Filler: x\n".repeat(5_000) + raw));
        assertEquals(EmailLimits.defaults().maxHeaders(), email.headers().size());
        assertTrue(email.truncated());
        assertTrue(email.text().contains("Any plans for rolling Nessus RPMs"), "the body is still read");
    }

    @Test
    void shouldReadAnUnknownCharsetAsUtf8WhenValidElseWindows1252() {
        final String raw = latin1(RealMail.bytes(RealMail.LATIN1)).replace("charset=ISO-8859-1", "charset=x-no-such");
        assertTrue(parser.parse(latin1(raw)).text().contains("\\/ille Skyttä"), "0xE4 read as windows-1252");
        final String utf8 = new String(latin1(raw.replace("Skytt\u00e4", "Skytt\u00c3\u00a4")), StandardCharsets.ISO_8859_1);
        assertTrue(parser.parse(latin1(utf8)).text().contains("\\/ille Skyttä"), "C3 A4 read as UTF-8");
    }

    @Test
    void shouldReadWindows1252BytesOfALatin1Label() {
        final String raw = "Subject: quote\nContent-Type: text/plain; charset=iso-8859-1\n\n\u0093smart\u0094 \u0080 5\n";
        assertEquals("\u201csmart\u201d \u20ac 5\n", parser.parse(latin1(raw)).text());
    }

    @Test
    void shouldTreatATextPartMarkedAttachmentAsAnAttachment() {
        final String raw = "Subject: log\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nsecret\n";
        final Email email = parser.parse(latin1(raw));
        assertEquals(List.of("text/plain"), email.attachments());
        assertEquals("", email.text());
    }

    @Test
    void shouldStopAtTheDepthBoundOnDeeplyNestedMultiparts() {
        final int levels = 5_000;
        final StringBuilder raw = new StringBuilder("Subject: deep\n");
        for (int i = 0; i < levels; i++) {
            raw.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        raw.append("Content-Type: text/plain\n\nbottom\n");
        final Email email = parser.parse(latin1(raw.toString()));
        assertTrue(email.truncated());
        assertEquals("deep", email.subject());
        assertFalse(email.text().contains("bottom"));
    }

    @Test
    void shouldStopAtThePartsBound() {
        final StringBuilder raw = new StringBuilder("Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n");
        for (int i = 0; i < 2_000; i++) {
            raw.append("--b\nContent-Type: text/plain\n\npart").append(i).append('\n');
        }
        raw.append("--b--\n");
        final Email email = parser.parse(latin1(raw.toString()));
        assertTrue(email.truncated());
        assertTrue(email.text().contains("part0\npart1\npart2"), email.text().substring(0, 40));
        assertFalse(email.text().contains("part" + EmailLimits.defaults().maxParts()));
    }

    @Test
    void shouldCapDecodedTextAndLinks() {
        final EmailLimits small = new EmailLimits(1 << 20, 100, 10, 1000, 10, 5, 3, 30);
        final String raw = "Subject: links\n\n" + "see http://example.com/a-long-path-that-goes-on-and-on and ".repeat(50);
        final Email email = new EmailParser(small).parse(latin1(raw));
        assertTrue(email.truncated());
        assertEquals(100, email.text().length());
        assertEquals(List.of("http://example.com/a-long-path"), email.links(), "distinct, each cut to 30 chars");
    }

    @Test
    void shouldFindLinksInPlainTextWithoutTrailingPunctuation() {
        final String raw = "Subject: x\n\nGo to http://a.example/x?y=1. Or (www.b.example/page), HTTPS://C.example!\n"
                + "Not: mailhttp://, www., nowww.d.example\n";
        assertEquals(List.of("http://a.example/x?y=1", "www.b.example/page", "HTTPS://C.example"),
                parser.parse(latin1(raw)).links());
    }

    @Test
    void shouldSkipAMboxFromLineAndAByteOrderMark() {
        final byte[] mail = RealMail.bytes(RealMail.KOI8_R);
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        raw.writeBytes(latin1("From havoc1006@yahoo.com  Mon Sep  2 12:00:00 2002\n"));
        raw.writeBytes(mail);
        final Email email = parser.parse(raw.toByteArray());
        assertEquals("Email Marketing", email.subject());
        assertEquals("Return-Path", email.headers().get(0).name());
    }

    @Test
    void shouldStopReadingAPartThatDecodesToNothingAtTheRawBudget() {
        // 4 x maxTextChars raw bytes are read at most; junk base64 used to be read to its end (9 MB: about a second).
        final EmailLimits small = new EmailLimits(1 << 20, 100, 10, 1000, 10, 5, 3, 30);
        final String junk = "Subject: x\nContent-Transfer-Encoding: base64\n\n" + "!@#$%^&*()\n".repeat(100);
        final Email email = new EmailParser(small).parse(latin1(junk));
        assertEquals("", email.text());
        assertTrue(email.truncated());
        final String base64 = "Subject: x\nContent-Transfer-Encoding: base64\n\n" + "aGVsbG8gd29ybGQ=\n";
        final Email fine = new EmailParser(small).parse(latin1(base64));
        assertEquals("hello world", fine.text());
        assertFalse(fine.truncated());
    }

    @Test
    void shouldSkipMillionsOfLinesThatAreNotHeaderFields() {
        final String raw = "Received: from a\n" + "no field here\n".repeat(500_000) + "Subject: found\n\nbody\n";
        final Email email = parser.parse(latin1(raw));
        assertEquals("found", email.subject());
        assertEquals("body\n", email.text());
        assertEquals(2, email.headers().size());
    }

    @Test
    void shouldReadRawEightBitHeadersAsUtf8WhenValidElseWindows1252() {
        final byte[] utf8 = "Subject: Grüße aus Köln\n\nhi\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("Grüße aus Köln", parser.parse(utf8).subject());
        final byte[] latin = latin1("Subject: Grüße aus Köln \u0080\n\nhi\n");
        assertEquals("Grüße aus Köln \u20ac", parser.parse(latin).subject());
    }
}
