package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** RFC 2047 encoded-words in header values: decoded where they are words, left alone where they are not. */
class EncodedWordsTest {

    @Test
    void shouldDecodeAdjacentWordsDroppingTheWhiteSpaceBetweenThem() {
        assertEquals("Hello wörld", EncodedWords.decode("=?UTF-8?Q?Hello_?= =?ISO-8859-1?Q?w=F6rld?="));
    }

    @Test
    void shouldKeepTextAroundWordsIncludingWordsGluedToText() {
        assertEquals("Re: Grüße <a@b.example>", EncodedWords.decode("Re: =?utf-8?B?R3LDvMOfZQ==?= <a@b.example>"));
        assertEquals("Re:Grüße", EncodedWords.decode("Re:=?utf-8?B?R3LDvMOfZQ==?="));
    }

    @Test
    void shouldReadUnknownAndAsciiLabelsAsWindows1252AndIgnoreALanguageSuffix() {
        assertEquals("caf\u00e9 \u20ac", EncodedWords.decode("=?x-unheard-of?Q?caf=E9_=80?="));
        assertEquals("caf\u00e9", EncodedWords.decode("=?us-ascii?Q?caf=E9?="));
        assertEquals("Grüße", EncodedWords.decode("=?utf-8*de?Q?Gr=C3=BC=C3=9Fe?="));
    }

    @Test
    void shouldReturnAValueWithoutAnyWordStartItselfWithoutCopyingIt() {
        // The fast path most header values take: one indexOf, no builder.
        for (final String value : new String[] {"", "plain subject", "a = b ? c", "?= =", "caf\u00e9 \u00e0 =\u00e9?"}) {
            assertSame(value, EncodedWords.decode(value));
        }
    }

    @Test
    void shouldLeaveWhatIsNotAnEncodedWordAsWritten() {
        for (final String value : new String[] {"=?", "=?utf-8?", "=?utf-8?X?abc?=", "=??Q?abc?=", "a =? b ?= c",
                "=?utf-8?Q?never closed", "=?a=?a=?a"}) {
            assertEquals(value, EncodedWords.decode(value));
        }
    }

    @Test
    void shouldDecodeAHeaderOfMillionsOfBrokenWordStartsAsWritten() {
        // mime4j's DecoderUtil alone rescanned to the end for each unclosed "=?": 20 s for 9 MB of such headers.
        final String hostile = "=?a".repeat(300_000) + " =?utf-8?Q?ok?=";
        assertEquals("=?a".repeat(300_000) + " ok", EncodedWords.decode(hostile));
    }

    @Test
    void shouldDecodeManyWordsWithUnknownCharsetsAsWindows1252() {
        // Charset.forName on an unknown name walks the providers each time (~0.5 ms): 5 minutes for 9 MB of these.
        final StringBuilder value = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            value.append("=?x-junk-").append(i).append("?Q?=E9?= ");
        }
        assertEquals("\u00e9".repeat(20_000), EncodedWords.decode(value.toString().strip()));
    }
}
