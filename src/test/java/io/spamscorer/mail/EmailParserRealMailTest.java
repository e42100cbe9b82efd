package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoded content of real SpamAssassin corpus messages (src/test/resources/mail), one MIME feature at a time. */
class EmailParserRealMailTest {

    private final EmailParser parser = new EmailParser(EmailLimits.defaults());

    private Email parse(final String name) {
        return parser.parse(RealMail.bytes(name));
    }

    private static void assertContains(final String haystack, final String needle) {
        assertTrue(haystack.contains(needle), () -> "expected \"" + needle + "\" in: " + haystack);
    }

    @Test
    void shouldReadTopLevelHeadersInOrderUnfoldedWithMessageIdWithoutBrackets() {
        final Email email = parse(RealMail.NESTED_REPORT);
        assertEquals("Failed mail: Banned or potentially offensive material", email.subject());
        assertEquals("\"postmaster@jpci.net\" <postmaster@jpci.net>", email.from());
        assertEquals("15304473447566@buffy.jpci.net", email.messageId());
        assertEquals("Return-Path", email.headers().get(0).name());
        assertEquals("multipart/report; report-type=delivery-status;    boundary=\"==_15304473447567@buffy.jpci.net==_\"",
                email.header("content-type"), "unfolded: the line break goes, the folding white space stays (RFC 5322 2.2.3)");
        assertFalse(email.truncated());
    }

    @Test
    void shouldReadTextOfNestedPartsAndAttachedMessageButNotItsHeaders() {
        final Email email = parse(RealMail.NESTED_REPORT);
        assertContains(email.text(), "This mail message contains banned or potentially offensive text.");
        // The attached message/rfc822 is multipart/signed; its text/plain part is read too.
        assertContains(email.text(), "Delete the contents of /usr/local/share/spamassassin and reinstall.");
        assertEquals(List.of("message/delivery-status", "application/x-pkcs7-signature"), email.attachments());
        assertEquals(1, email.headerValues("Subject").size(), "only the top-level Subject is a header");
        assertEquals("", email.html());
    }

    @Test
    void shouldReadBothAlternativesOfMultipartAlternative() {
        final Email email = parse(RealMail.ALTERNATIVE);
        assertContains(email.text(), "Slim Patch - Weight Loss Patches\n<http://www.adclick.ws/p.cfm?o=249&s=pk007>");
        assertContains(email.html(), "3) Get the Child Support You Deserve Free Legal Advice Have a Wonderful Day");
        assertFalse(email.html().contains("<"), "visible text only, no markup");
        assertEquals(email.text() + "\n" + email.html(), email.bodyText());
        assertTrue(email.links().contains("http://www.adclick.ws/p.cfm?o=259&s=pk007"), "link in text/plain");
        assertTrue(email.links().contains("http://209.63.151.9/trim/?17%7C308236%7C6645"), "href only in the HTML");
        assertEquals(email.links().size(), email.links().stream().distinct().count(), "links are distinct");
        assertEquals(List.of(), email.attachments());
    }

    @Test
    void shouldSkipAttachmentsUnreadAndRecordTheirType() {
        final Email email = parse(RealMail.ATTACHMENT);
        assertEquals(List.of("application/octet-stream"), email.attachments());
        assertContains(email.text(), "American liberalism believes that in this respect it has made a major");
        assertFalse(email.text().contains("InternetShortcut"), "the attachment's content is not read");
        assertEquals("Liberalism in America", email.subject());
    }

    @Test
    void shouldDecodeIso88591BodyAndRfc2047QuotedPrintableFrom() {
        final Email email = parse(RealMail.LATIN1);
        assertEquals("Ville Skyttä <ville.skytta@iki.fi>", email.from());
        assertContains(email.text(), "\\/ille Skyttä");
        assertEquals("Nessus?", email.subject());
    }

    @Test
    void shouldReadHtmlOnlyQuotedPrintableMailWithSoftLineBreaksInLinks() {
        final Email email = parse(RealMail.HTML_ONLY);
        assertEquals("", email.text());
        assertEquals("", email.html(), "the page is images only");
        assertEquals(List.of("http://psychicrevenue.com/cgi-bin/refer.cgi?pws01014&site=pw",
                "http://giftedpsychic.com/images/r1c1.jpg", "http://giftedpsychic.com/images/r1c2.gif",
                "http://giftedpsychic.com/images/r2c1.jpg", "http://giftedpsychic.com/images/r2c2.jpg"), email.links());
    }

    @Test
    void shouldDecodeKoi8R() {
        final Email email = parse(RealMail.KOI8_R);
        assertContains(email.text(), "Email marketing works!  There's no way around it.");
        assertEquals(List.of("http://68.62.73.31"), email.links());
    }

    @Test
    void shouldDecodeGb2312BodyAndBase64EncodedSubject() {
        final Email chinese = parse(RealMail.GB2312);
        assertEquals("50元获得一亿五千万EMAIL地址的机会", chinese.subject());
        assertContains(chinese.html(), "如果此信打扰到您，我们深感抱歉，请将此信删除。");
        final Email english = parse(RealMail.GB2312_ENGLISH);
        assertContains(english.text(), "China Enterprise Management Co., Ltd. (CMC)");
    }

    @Test
    void shouldReadRawEightBitHeadersInTheMessageCharset() {
        final Email email = parse(RealMail.EUC_KR);
        assertEquals("[광고] 요즘 뜨는 직종 Best 5 & 자격증 따기 열풍", email.subject());
        assertEquals("교육팀 <master@ibd.pe.kr>", email.from());
        assertContains(email.html(), "요즘 뜨는 직종 Best 5 : 금융 / IT / 방송 / 뷰티 / 인테리어");
    }

    @Test
    void shouldDecodeBase64Big5Html() {
        final Email email = parse(RealMail.BIG5_BASE64);
        assertContains(email.html(), "好朋友啊! 許多人能力沒有比你好,因為掌握了時機");
        assertTrue(email.subject().startsWith("re:我知道你需要更多機會"), email.subject());
        assertTrue(email.links().contains("http://vic.h8h.com.tw/"), email.links().toString());
    }

    @Test
    void shouldReadAnUnknownCharsetLabelByGuessing() {
        final Email email = parse(RealMail.UNKNOWN_CHARSET);
        assertEquals("text/html; charset=\"DEFAULT_CHARSET\"", email.header("Content-Type"));
        assertContains(email.html(), "Over $100,000 The First Year, Most Of That While I Was Sleeping!");
    }

    @Test
    void shouldDecodeIso2022Jp() {
        final Email email = parse(RealMail.ISO_2022_JP);
        assertEquals("未承諾広告※灼熱！出会いの広場", email.subject());
        assertContains(email.text(), "♪リッチな出会いはVip-mailで♪");
    }
}
