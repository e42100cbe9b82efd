package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.james.mime4j.util.MimeUtil;
import org.junit.jupiter.api.Test;

/** Header values: unfolded and stripped in one pass exactly as mime4j's unfold and then strip did, then decoded. */
class HeaderValuesTest {

    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

    /** What {@link HeaderValues#decode} computed before it unfolded in one pass (commit 629b3ee). */
    private static String before(final byte[] bytes, final Charset eightBit) {
        String text = MailCharsets.utf8OrAscii(bytes, 0, bytes.length);
        if (text == null) {
            text = new String(bytes, eightBit == null ? MailCharsets.WINDOWS_1252 : eightBit);
        }
        return EncodedWords.decode(MimeUtil.unfold(text).strip());
    }

    private static String decode(final String value) {
        return HeaderValues.decode(value.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void shouldUnfoldCrlfLfAndCrFoldsKeepingTheSpaceOrTabAfterThem() {
        assertEquals("a long subject", decode(" a long\r\n subject\r\n"));
        assertEquals("a\tlong subject", decode("a\n\tlong\n subject"));
        assertEquals("a long", decode("a\r long"));
        assertEquals("ab", decode("a\r\nb"));
    }

    @Test
    void shouldStripLeadingAndTrailingWhiteSpaceIncludingFolds() {
        assertEquals("x", decode(" \t\r\n x \t\r\n "));
        assertEquals("", decode(""));
        assertEquals("", decode(" \r\n\t "));
        assertEquals("", decode("\u001c\u000b\f"));
    }

    @Test
    void shouldDecodeEncodedWordsMixedWithPlainTextAcrossFolds() {
        assertEquals("Re: Grüße aus Köln!", decode(" Re: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\n =?iso-8859-1?Q?_aus_K=F6ln?=!"));
        assertEquals("plain =? not a word", decode("plain =? not\r\n a word"));
    }

    @Test
    void shouldLeaveNonAsciiWhiteSpaceThatStripKeepsAndReadUtf8() {
        assertEquals("\u00a0é\u00a0", decode(" \u00a0é\u00a0 "));
        assertEquals("é\u2003x", decode("\u2003é\u2003x\u2003"));
    }

    @Test
    void shouldWaitForTheMessageCharsetOnlyForEightBitBytesThatAreNotUtf8() {
        final byte[] latin1 = " caf\u00e9\r\n au lait ".getBytes(LATIN_1);
        assertNull(HeaderValues.decodeUnlessEightBit(latin1));
        assertEquals("café au lait", HeaderValues.decode(latin1, null));
        assertEquals("café au lait", HeaderValues.decode(latin1, LATIN_1));
        assertEquals("café", HeaderValues.decodeUnlessEightBit(" café ".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldUnfoldAndDecodeRandomValuesExactlyAsBefore() {
        final String[] pieces = {" ", "\t", "\r", "\n", "\r\n ", "\r\n\t", "\u000b", "\f", "\u001f", "\u00a0", "\u2003",
            "a", "Subject", "é", "ü", "\ud83d\ude00", "=?", "?=", "=?utf-8?Q?a=C3=A9?=", "=?x-junk?B?w6k=?=", "_", "?"};
        final Random random = new Random(5322);
        for (int round = 0; round < 20_000; round++) {
            final StringBuilder value = new StringBuilder();
            final int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
            final String text = value.toString();
            assertEquals(MimeUtil.unfold(text).strip(), HeaderValues.unfold(text), text);
            final Charset charset = random.nextBoolean() ? StandardCharsets.UTF_8 : LATIN_1;
            final byte[] bytes = text.getBytes(charset);
            assertEquals(before(bytes, null), HeaderValues.decode(bytes, null), text);
            assertEquals(before(bytes, LATIN_1), HeaderValues.decode(bytes, LATIN_1), text);
        }
    }
}
