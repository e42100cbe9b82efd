package io.spamscorer.mail;

import java.nio.charset.Charset;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * RFC 2047 encoded-words in a header value, decoded by mime4j's {@link DecoderUtil}, but only on the spans that look
 * like encoded-words ({@code =?charset?B|Q?text?=}, adjacent ones joined across white space as RFC 2047 says).
 * Charset labels are resolved by {@link MailCharsets#resolve} (so us-ascii and unknown labels read 8-bit bytes as
 * windows-1252). {@code DecoderUtil} alone rescans to the end of the value for every "=?" it cannot close, which made a 9 MB message
 * of "=?a=?a..." headers cost 20 s; this finder looks at most {@value #MAX_CHARSET} + {@value #MAX_TEXT} characters
 * past each "=?", and a span it looks at holds at most three other "=?" starts, so the whole is linear.
 */
final class EncodedWords {

    private static final int MAX_CHARSET = 64;
    private static final int MAX_TEXT = 512;

    private EncodedWords() {
    }

    static String decode(final String value) {
        int start = value.indexOf("=?");
        if (start < 0) {
            return value;
        }
        final StringBuilder out = new StringBuilder(value.length());
        int copied = 0;
        while (start >= 0) {
            final int end = wordEnd(value, start);
            if (end < 0) {
                start = value.indexOf("=?", start + 2);
                continue;
            }
            final StringBuilder run = new StringBuilder(end - start + 16);
            appendWord(run, value, start, end);
            int runEnd = end;
            for (int next = skipWhiteSpace(value, runEnd); value.startsWith("=?", next); next = skipWhiteSpace(value, runEnd)) {
                final int nextEnd = wordEnd(value, next);
                if (nextEnd < 0) {
                    break;
                }
                run.append(value, runEnd, next);
                appendWord(run, value, next, nextEnd);
                runEnd = nextEnd;
            }
            out.append(value, copied, start);
            out.append(DecoderUtil.decodeEncodedWords(run.toString(), DecodeMonitor.SILENT,
                    MailCharsets.WINDOWS_1252, MailCharsets.WIDER));
            copied = runEnd;
            start = value.indexOf("=?", runEnd);
        }
        return out.append(value, copied, value.length()).toString();
    }

    /**
     * Appends one encoded-word with its charset label replaced by the name of the charset {@link MailCharsets#resolve}
     * picks (windows-1252 for an unknown label), so that DecoderUtil never looks up an unknown name, which is slow.
     */
    private static void appendWord(final StringBuilder run, final String value, final int start, final int end) {
        final int labelEnd = value.indexOf('?', start + 2);
        final Charset charset = MailCharsets.resolve(value.substring(start + 2, labelEnd));
        run.append("=?").append((charset == null ? MailCharsets.WINDOWS_1252 : charset).name()).append(value, labelEnd, end);
    }

    /** The index just after the encoded-word starting at {@code start} (at "=?"), or -1 when there is none. */
    private static int wordEnd(final String value, final int start) {
        final int length = value.length();
        int i = start + 2;
        while (i < length && i - start < MAX_CHARSET && isCharsetChar(value.charAt(i))) {
            i++;
        }
        if (i == start + 2 || i + 2 >= length || value.charAt(i) != '?' || value.charAt(i + 2) != '?'
                || "BbQq".indexOf(value.charAt(i + 1)) < 0) {
            return -1;
        }
        final int textStart = i + 3;
        int j = textStart;
        while (j < length && j - textStart < MAX_TEXT && value.charAt(j) != '?') {
            j++;
        }
        return j + 1 < length && value.charAt(j) == '?' && value.charAt(j + 1) == '=' ? j + 2 : -1;
    }

    /** RFC 2047 token characters (plus '*' for an RFC 2231 language suffix): no white space, '?' or '='. */
    private static boolean isCharsetChar(final char c) {
        return c > ' ' && c < 0x7f && c != '?' && c != '=';
    }

    private static int skipWhiteSpace(final String value, final int from) {
        int i = from;
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
