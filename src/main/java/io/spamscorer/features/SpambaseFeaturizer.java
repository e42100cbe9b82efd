package io.spamscorer.features;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spamscorer.json.Json;
import io.spamscorer.mail.Email;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 57 UCI Spambase features (spambase.names), computed over one text: the Subject, a line break, the decoded
 * text/plain parts, a line break, and the visible text of the text/html parts, as {@link Email} gives them.
 * <ul>
 *   <li>{@code word_freq_W} = 100 × (words equal to W, ignoring ASCII case) / (words), where a word is a maximal run
 *       of ASCII letters and digits;</li>
 *   <li>{@code char_freq_C} = 100 × (occurrences of C) / (characters, counted as UTF-16 units of the text);</li>
 *   <li>{@code capital_run_length_average | longest | total}: the mean length, the longest length and the summed
 *       length of the maximal runs of ASCII capitals A–Z (all 0 when there are none).</li>
 * </ul>
 * Every frequency is 0 for an empty text. Only the first {@value #MAX_CHARS} characters are read.
 */
public final class SpambaseFeaturizer implements Featurizer {

    public static final String TYPE = "spambase";
    /** Bounds the work on a hostile message; the parser's own limits normally stop far earlier. */
    public static final int MAX_CHARS = 4 << 20;

    static final List<String> WORDS = List.of("make", "address", "all", "3d", "our", "over", "remove", "internet",
            "order", "mail", "receive", "will", "people", "report", "addresses", "free", "business", "email", "you",
            "credit", "your", "font", "000", "money", "hp", "hpl", "george", "650", "lab", "labs", "telnet", "857",
            "data", "415", "85", "technology", "1999", "parts", "pm", "direct", "cs", "meeting", "original", "project",
            "re", "edu", "table", "conference");
    static final String CHARS = ";([!$#";
    private static final int LONGEST_WORD = 10;

    private static final List<String> NAMES;
    private static final Map<String, Integer> WORD_INDEX = new HashMap<>();

    static {
        final List<String> names = new ArrayList<>();
        for (final String w : WORDS) {
            WORD_INDEX.put(w, names.size());
            names.add("word_freq_" + w);
        }
        for (int i = 0; i < CHARS.length(); i++) {
            names.add("char_freq_" + CHARS.charAt(i));
        }
        names.add("capital_run_length_average");
        names.add("capital_run_length_longest");
        names.add("capital_run_length_total");
        NAMES = List.copyOf(names);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> featureNames() {
        return NAMES;
    }

    @Override
    public ObjectNode spec() {
        final ObjectNode spec = Json.mapper().createObjectNode();
        spec.put("type", TYPE);
        spec.put("text", "subject + text/plain + visible text/html");
        return spec;
    }

    /** The text the features are computed over. */
    static String text(final Email email) {
        final StringBuilder s = new StringBuilder();
        append(s, email.subject());
        s.append('\n');
        append(s, email.text());
        s.append('\n');
        append(s, email.html());
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s.toString();
    }

    private static void append(final StringBuilder s, final String part) {
        if (part != null && s.length() < MAX_CHARS) {
            s.append(part, 0, Math.min(part.length(), MAX_CHARS - s.length()));
        }
    }

    @Override
    public SparseVector featurize(final Email email) {
        return SparseVector.of(compute(text(email)));
    }

    /** The 57 values for {@code text}, in {@link #featureNames()} order. */
    static double[] compute(final String text) {
        final double[] out = new double[NAMES.size()];
        final int[] wordCounts = new int[WORDS.size()];
        final int[] charCounts = new int[CHARS.length()];
        final char[] word = new char[LONGEST_WORD];
        int words = 0;
        int wordLength = 0;
        int runs = 0;
        int run = 0;
        long capitals = 0;
        int longest = 0;
        final int n = text.length();
        for (int i = 0; i <= n; i++) {
            final char c = i < n ? text.charAt(i) : ' ';
            if (isAsciiAlnum(c)) {
                if (wordLength < LONGEST_WORD) {
                    word[wordLength] = Character.toLowerCase(c);
                }
                wordLength++;
            } else if (wordLength > 0) {
                words++;
                if (wordLength <= LONGEST_WORD) {
                    final Integer w = WORD_INDEX.get(new String(word, 0, wordLength));
                    if (w != null) {
                        wordCounts[w]++;
                    }
                }
                wordLength = 0;
            }
            if (c >= 'A' && c <= 'Z') {
                run++;
            } else if (run > 0) {
                runs++;
                capitals += run;
                longest = Math.max(longest, run);
                run = 0;
            }
            final int ci = CHARS.indexOf(c);
            if (ci >= 0 && i < n) {
                charCounts[ci]++;
            }
        }
        for (int w = 0; w < wordCounts.length; w++) {
            out[w] = words == 0 ? 0.0 : 100.0 * wordCounts[w] / words;
        }
        for (int ci = 0; ci < charCounts.length; ci++) {
            out[WORDS.size() + ci] = n == 0 ? 0.0 : 100.0 * charCounts[ci] / n;
        }
        final int cap = WORDS.size() + CHARS.length();
        out[cap] = runs == 0 ? 0.0 : (double) capitals / runs;
        out[cap + 1] = longest;
        out[cap + 2] = capitals;
        return out;
    }

    private static boolean isAsciiAlnum(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return TYPE + " (" + NAMES.size() + " features)";
    }
}
