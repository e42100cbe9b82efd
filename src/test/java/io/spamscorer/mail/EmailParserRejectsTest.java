package io.spamscorer.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Input that goes to the dead-letter topic: each with its reason class and a one-line message naming the problem. */
class EmailParserRejectsTest {

    private final EmailParser parser = new EmailParser(EmailLimits.defaults());

    private InvalidEmailException reject(final byte[] raw) {
        return assertThrows(InvalidEmailException.class, () -> parser.parse(raw));
    }

    private InvalidEmailException reject(final String raw) {
        return reject(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertOneLine(final InvalidEmailException e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void shouldRejectAMessageOverTheByteLimitBeforeParsingIt() {
        final byte[] junk = new byte[10 * 1024 * 1024 + 1]; // all NUL: would be not_email if it were parsed
        final InvalidEmailException e = reject(junk);
        assertEquals("too_large", e.reasonClass());
        assertEquals("message is 10485761 bytes, over the 10485760-byte limit (scorer.email.max.bytes)", e.getMessage());
    }

    @Test
    void shouldApplyAConfiguredByteLimitAndAcceptAMessageExactlyAtIt() {
        final byte[] mail = RealMail.bytes(RealMail.KOI8_R);
        final EmailParser exact = new EmailParser(EmailLimits.defaults().withMaxBytes(mail.length));
        assertEquals("Email Marketing", exact.parse(mail).subject());
        final EmailParser smaller = new EmailParser(EmailLimits.defaults().withMaxBytes(mail.length - 1));
        final InvalidEmailException e = assertThrows(InvalidEmailException.class, () -> smaller.parse(mail));
        assertEquals("too_large", e.reasonClass());
        assertEquals("message is " + mail.length + " bytes, over the " + (mail.length - 1)
                + "-byte limit (scorer.email.max.bytes)", e.getMessage());
    }

    @Test
    void shouldRejectEmptyAndWhitespaceOnlyInput() {
        final InvalidEmailException empty = reject(new byte[0]);
        assertEquals("empty", empty.reasonClass());
        assertEquals("message is empty (0 bytes)", empty.getMessage());
        final InvalidEmailException blank = reject(" \r\n\t\r\n");
        assertEquals("empty", blank.reasonClass());
        assertEquals("message is only whitespace (6 bytes)", blank.getMessage());
    }

    @Test
    void shouldRejectJsonAsNotEmail() {
        final InvalidEmailException object = reject("{\"id\":\"a1\",\"features\":[0.1,0.2]}");
        assertEquals("not_email", object.reasonClass());
        assertEquals("message starts with '{' at byte 0: JSON, not an RFC 5322 message", object.getMessage());
        final InvalidEmailException array = reject("\n  [1, 2, 3]");
        assertEquals("not_email", array.reasonClass());
        assertEquals("message starts with '[' at byte 3: JSON, not an RFC 5322 message", array.getMessage());
    }

    @Test
    void shouldRejectBinaryJunkAsNotEmail() {
        final byte[] junk = new byte[4096];
        new Random(12).nextBytes(junk);
        junk[0] = 'A'; // not JSON, not blank
        final InvalidEmailException e = reject(junk);
        assertEquals("not_email", e.reasonClass());
        assertOneLine(e);
    }

    @Test
    void shouldRejectANulByteInTheHeaderBlock() {
        final InvalidEmailException e = reject("Subject: hi\u0000there\r\n\r\nbody");
        assertEquals("not_email", e.reasonClass());
        assertEquals("NUL byte at byte 11 in the header block: binary data, not an RFC 5322 message", e.getMessage());
    }

    @Test
    void shouldRejectHeadersFullOfControlBytes() {
        final byte[] raw = "Subject: \u0001\u0002\u0003\u0004\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII);
        final InvalidEmailException e = reject(raw);
        assertEquals("not_email", e.reasonClass());
        assertEquals("4 control bytes in the 16-byte header block: binary data, not an RFC 5322 message", e.getMessage());
    }

    @Test
    void shouldRejectPlainTextWithoutAnyHeaderField() {
        final InvalidEmailException e = reject("Hello Bob,\nthe meeting moved to 3 pm.\n\nSee you, Alice\n");
        assertEquals("not_email", e.reasonClass());
        assertEquals("no header field before the body: not an RFC 5322 message", e.getMessage());
    }

    @Test
    void shouldAcceptBinaryInTheBodyOfAMessage() {
        final byte[] head = "Subject: photo\r\nContent-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] raw = Arrays.copyOf(head, head.length + 2000);
        for (int i = head.length; i < raw.length; i++) {
            raw[i] = (byte) (i * 31);
        }
        final Email email = parser.parse(raw);
        assertEquals("photo", email.subject());
        assertEquals(List.of("application/octet-stream"), email.attachments());
    }
}
