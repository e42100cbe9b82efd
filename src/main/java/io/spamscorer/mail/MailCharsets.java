package io.spamscorer.mail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * Bytes to text for mail. A declared charset that Java knows is used, widened to the superset that mail software
 * actually writes under that label (the WHATWG Encoding Standard's mapping: ISO-8859-1 as windows-1252, GB2312 as
 * GB18030, EUC-KR as windows-949, ...). Without a charset, with {@code us-ascii}, or with a label Java does not know,
 * the bytes are read as UTF-8 when they are valid UTF-8 and as windows-1252 otherwise (every byte maps to a
 * character, so nothing is lost). Bytes invalid in a declared charset become U+FFFD.
 */
final class MailCharsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Labels mail software writes for a smaller charset than the one it actually uses. */
    static final Map<Charset, Charset> WIDER = wider(
            "ISO-8859-1", "windows-1252",
            "GB2312", "GB18030",
            "GBK", "GB18030",
            "EUC-KR", "x-windows-949",
            "Shift_JIS", "windows-31j",
            "TIS-620", "x-windows-874",
            "ISO-8859-9", "windows-1254");

    /**
     * Every charset name and alias of this JRE, lower case, to the charset read for it. A lookup by label must not go
     * through {@link Charset#forName(String)}: for a name it does not know, that walks the charset providers each
     * time (about half a millisecond), and labels are chosen by whoever wrote the message.
     */
    private static final Map<String, Charset> KNOWN = known();

    private MailCharsets() {
    }

    /**
     * The charset to read a part or encoded-word with, widened (see the class comment), or null to guess: absent,
     * us-ascii, or a label this JRE does not know. Case, surrounding blanks and quotes, and an RFC 2231 language
     * suffix ("utf-8*en") are ignored.
     */
    static Charset resolve(final String label) {
        if (label == null) {
            return null;
        }
        String name = label.strip();
        if (name.length() >= 2 && name.charAt(0) == '"' && name.charAt(name.length() - 1) == '"') {
            name = name.substring(1, name.length() - 1).strip();
        }
        final int star = name.indexOf('*');
        if (star >= 0) {
            name = name.substring(0, star);
        }
        final Charset charset = KNOWN.get(name.toLowerCase(Locale.ROOT));
        return charset == null || charset.equals(StandardCharsets.US_ASCII) ? null : charset;
    }

    /** ASCII as is; otherwise UTF-8 when valid, else windows-1252. */
    static String guess(final byte[] bytes, final int offset, final int length) {
        final String text = utf8OrAscii(bytes, offset, length);
        return text != null ? text : new String(bytes, offset, length, WINDOWS_1252);
    }

    /** The bytes as text when they are ASCII or valid UTF-8, otherwise null. */
    static String utf8OrAscii(final byte[] bytes, final int offset, final int length) {
        if (isAscii(bytes, offset, length)) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (final CharacterCodingException notUtf8) {
            return null;
        }
    }

    /** Pairs of labels; a pair is left out when this JRE lacks either charset (jdk.charsets is optional). */
    private static Map<Charset, Charset> wider(final String... labels) {
        final Map<Charset, Charset> map = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            final Charset label = CharsetUtil.lookup(labels[i]);
            final Charset actual = CharsetUtil.lookup(labels[i + 1]);
            if (label != null && actual != null) {
                map.put(label, actual);
            }
        }
        return Map.copyOf(map);
    }

    private static Map<String, Charset> known() {
        final Map<String, Charset> known = new HashMap<>();
        for (final Charset charset : Charset.availableCharsets().values()) {
            final Charset read = WIDER.getOrDefault(charset, charset);
            known.put(charset.name().toLowerCase(Locale.ROOT), read);
            for (final String alias : charset.aliases()) {
                known.put(alias.toLowerCase(Locale.ROOT), read);
            }
        }
        return Map.copyOf(known);
    }

    static boolean isAscii(final byte[] bytes, final int offset, final int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
