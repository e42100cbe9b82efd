package io.spamscorer.features;

import io.spamscorer.mail.Email;
import java.util.Locale;

/**
 * Cuts the parsed view of a message into tokens, field by field in a fixed order (subject, from, mailer, types,
 * headers, relays, url, body), tagging each with its field's prefix ({@code subject:free} is other evidence than {@code free}).
 * A token is a maximal run of letters, digits and the options' extra characters, with {@code ' - .} trimmed from
 * both ends; tokens shorter than minLength or longer than maxLength, and (unless numbers is set) tokens made only of
 * digits, are skipped. At most maxTokens tokens are
 * produced and at most {@value #MAX_FIELD_CHARS} characters of any one field are read, so a hostile message costs
 * no more than a long one.
 */
public final class WordTokenizer {

    static final int MAX_FIELD_CHARS = 1 << 20;
    static final int MAX_LINKS = 1000;
    static final int MAX_RECEIVED = 10;
    /**
     * Header fields the receiving side adds (delivery, mailbox and filter bookkeeping): they describe how a corpus was
     * collected, not the message, so a model would learn the collection route from them.
     */
    static final java.util.Set<String> RECEIVER_HEADERS = java.util.Set.of("received", "delivered-to", "return-path",
            "x-status", "x-keywords", "x-uid", "status", "envelope-to", "x-original-to", "delivery-date",
            "x-original-date", "x-gmx-antispam", "x-mozilla-status", "x-mozilla-status2", "lines", "content-length",
            "x-filter", "x-procmail", "x-imap", "x-flags", "x-evolution", "x-sieve", "x-virus-scanned", "x-mailscanner");
    /** Longest host, MIME type or charset kept; these are not words, so maxLength does not apply. */
    static final int MAX_NAME_CHARS = 100;

    private final WordOptions options;
    /** {@link #isTokenChar} for ASCII, the hot case, decided once from the options. */
    private final boolean[] asciiTokenChar = new boolean[128];

    public WordTokenizer(final WordOptions options) {
        this.options = options;
        for (char c = 0; c < 128; c++) {
            asciiTokenChar[c] = Character.isLetterOrDigit(c) || options.extraChars().indexOf(c) >= 0;
        }
    }

    public WordOptions options() {
        return options;
    }

    /** Sends each token of {@code email}, in message order, to {@code sink}; repeats are sent again. */
    public void tokens(final Email email, final TokenSink sink) {
        final Budget budget = new Budget(options.maxTokens(), sink);
        if (options.has(WordOptions.SUBJECT)) {
            words(email.subject(), "subject:", budget);
        }
        if (options.has(WordOptions.FROM)) {
            words(email.from(), "from:", budget);
        }
        if (options.has(WordOptions.MAILER)) {
            words(email.header("X-Mailer"), "mailer:", budget);
            words(email.header("User-Agent"), "mailer:", budget);
        }
        if (options.has(WordOptions.TYPES)) {
            types(email, budget);
        }
        if (options.has(WordOptions.HEADERS)) {
            headerNames(email, budget);
        }
        if (options.has(WordOptions.RELAYS)) {
            relays(email, budget);
        }
        if (options.has(WordOptions.URL)) {
            int n = 0;
            for (final String link : email.links()) {
                if (n++ >= MAX_LINKS || budget.full()) {
                    break;
                }
                urlHost(link, budget);
            }
        }
        if (options.has(WordOptions.BODY)) {
            words(email.text(), "", budget);
            words(email.html(), "", budget);
        }
    }

    private static void relays(final Email email, final Budget budget) {
        int n = 0;
        for (final String received : email.headerValues("Received")) {
            if (n++ >= MAX_RECEIVED || budget.full()) {
                break;
            }
            hosts(received, "rcvd:", budget);
        }
        final String id = email.messageId();
        final int at = id.lastIndexOf('@');
        if (at >= 0) {
            hosts(id.substring(at + 1), "msgid:", budget);
        }
    }

    /** Runs of letters, digits, '.' and '-' that contain a letter and an inner dot, lower-cased, ends trimmed. */
    private static void hosts(final String text, final String prefix, final Budget budget) {
        final int n = Math.min(text.length(), MAX_FIELD_CHARS);
        int i = 0;
        while (i < n && !budget.full()) {
            while (i < n && !isHostChar(text.charAt(i))) {
                i++;
            }
            final int start = i;
            while (i < n && isHostChar(text.charAt(i))) {
                i++;
            }
            final String h = trim(text.substring(start, i).toLowerCase(Locale.ROOT));
            if (h.length() <= MAX_NAME_CHARS && h.indexOf('.') > 0 && h.chars().anyMatch(Character::isLetter)) {
                budget.add(prefix + h);
            }
        }
    }

    private static boolean allDigits(final String text, final int a, final int b) {
        for (int i = a; i < b; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostChar(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    private static void headerNames(final Email email, final Budget budget) {
        final java.util.Set<String> seen = new java.util.HashSet<>();
        for (final io.spamscorer.mail.Header h : email.headers()) {
            if (budget.full()) {
                return;
            }
            final String name = h.name().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && name.length() <= MAX_NAME_CHARS && !RECEIVER_HEADERS.contains(name)
                    && !name.startsWith("x-spam") && seen.add(name)) {
                budget.add("header:" + name);
            }
        }
    }

    private void types(final Email email, final Budget budget) {
        final String ct = email.header("Content-Type");
        if (ct != null) {
            final String lower = ct.toLowerCase(Locale.ROOT);
            final int semi = lower.indexOf(';');
            final String mime = (semi < 0 ? lower : lower.substring(0, semi)).trim();
            if (!mime.isEmpty() && mime.length() <= MAX_NAME_CHARS) {
                budget.add("type:" + mime);
            }
            final int cs = lower.indexOf("charset=");
            if (cs >= 0) {
                int end = cs + 8;
                final StringBuilder v = new StringBuilder();
                while (end < lower.length() && v.length() <= MAX_NAME_CHARS) {
                    final char c = lower.charAt(end++);
                    if (c == '"' || c == '\'') {
                        continue;
                    }
                    if (c == ';' || Character.isWhitespace(c)) {
                        break;
                    }
                    v.append(c);
                }
                if (v.length() > 0 && v.length() <= MAX_NAME_CHARS) {
                    budget.add("charset:" + v);
                }
            }
        }
        int n = 0;
        for (final String a : email.attachments()) {
            if (n++ >= MAX_LINKS || budget.full()) {
                break;
            }
            if (a != null && !a.isEmpty() && a.length() <= MAX_NAME_CHARS) {
                budget.add("attachment:" + a.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** {@code url:host} and, when the host has more than two labels, {@code url:} its last two. */
    private void urlHost(final String link, final Budget budget) {
        if (link == null) {
            return;
        }
        final int scheme = link.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        final int limit = Math.min(link.length(), start + 300);
        while (end < limit && "/?#\\ ".indexOf(link.charAt(end)) < 0) {
            end++;
        }
        String host = link.substring(start, end);
        final int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        final int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        host = trim(host.toLowerCase(Locale.ROOT));
        if (host.isEmpty() || host.length() > MAX_NAME_CHARS) {
            return;
        }
        budget.add("url:" + host);
        final int last = host.lastIndexOf('.');
        final int second = last <= 0 ? -1 : host.lastIndexOf('.', last - 1);
        if (second > 0 && !Character.isDigit(host.charAt(host.length() - 1))) {
            budget.add("url:" + host.substring(second + 1));
        }
    }

    private static String trim(final String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isTrimmed(s.charAt(a))) {
            a++;
        }
        while (b > a && isTrimmed(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private void words(final String text, final String prefix, final Budget budget) {
        if (text == null || budget.full()) {
            return;
        }
        final int n = Math.min(text.length(), MAX_FIELD_CHARS);
        int i = 0;
        while (i < n && !budget.full()) {
            while (i < n && !isTokenChar(text.charAt(i))) {
                i++;
            }
            final int start = i;
            while (i < n && isTokenChar(text.charAt(i))) {
                i++;
            }
            int a = start;
            int b = i;
            while (a < b && isTrimmed(text.charAt(a))) {
                a++;
            }
            while (b > a && isTrimmed(text.charAt(b - 1))) {
                b--;
            }
            final int len = b - a;
            if (len >= options.minLength() && len <= options.maxLength() && (options.numbers() || !allDigits(text, a, b))) {
                budget.addWord(prefix, text, a, b, options.lowercase());
            }
        }
    }

    private boolean isTokenChar(final char c) {
        return c < 128 ? asciiTokenChar[c] : Character.isLetterOrDigit(c) || options.extraChars().indexOf(c) >= 0;
    }

    private static boolean isTrimmed(final char c) {
        return c == '\'' || c == '-' || c == '.';
    }

    /** Counts tokens and stops the message once maxTokens have been produced. */
    private static final class Budget {
        private final int max;
        private final TokenSink sink;
        private int used;

        Budget(final int max, final TokenSink sink) {
            this.max = max;
            this.sink = sink;
        }

        boolean full() {
            return used >= max;
        }

        void add(final String token) {
            if (used < max) {
                used++;
                sink.token(token);
            }
        }

        void addWord(final String prefix, final String text, final int start, final int end, final boolean lowercase) {
            if (used < max) {
                used++;
                sink.word(prefix, text, start, end, lowercase);
            }
        }
    }
}
