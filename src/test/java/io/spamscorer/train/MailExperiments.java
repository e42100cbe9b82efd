package io.spamscorer.train;

import io.spamscorer.features.SpambaseFeaturizer;
import io.spamscorer.features.WordOptions;
import io.spamscorer.features.WordTokenizer;
import io.spamscorer.mail.Email;
import io.spamscorer.mail.EmailLimits;
import io.spamscorer.model.Model;
import io.spamscorer.model.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The experiment harness behind docs/email-model-experiments.md (not a test; run by hand):
 * <pre>
 * mvn -o -q -B test-compile && java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     io.spamscorer.train.MailExperiments /work/shared/data/spamassassin-train [config ...]
 * </pre>
 * For each configuration: stratified 10-fold CV (seed 42) with the vocabulary chosen inside each fold, and a time
 * split (earliest 70 % by Date header → latest 30 %, threshold from a 10-fold CV inside the earliest 70 %).
 */
public final class MailExperiments {

    private static final double HIDDEN_SPAM_SHARE = 0.48;

    private MailExperiments() {
    }

    public static void main(final String[] args) {
        final long t0 = System.nanoTime();
        final MailCorpus corpus = MailCorpus.read(Path.of(args[0]), EmailLimits.defaults());
        System.err.printf(Locale.ROOT, "parsed %d messages in %.1f s%n", corpus.size(), (System.nanoTime() - t0) / 1e9);
        final List<String> configs = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("spambase", "default");
        for (final String c : configs) {
            if (c.equals("spambase")) {
                spambase(corpus);
            } else {
                words(corpus, c, parse(c));
            }
        }
    }

    /** The shipped Spambase model through {@link SpambaseFeaturizer}, scored with {@link Model#score}. */
    static void spambase(final MailCorpus corpus) {
        final Model model = ModelLoader.load(Path.of("config/model.json"));
        final SpambaseFeaturizer f = new SpambaseFeaturizer();
        final double[] scores = new double[corpus.size()];
        for (int i = 0; i < corpus.size(); i++) {
            scores[i] = model.score(f.featurizeDense(corpus.mails().get(i).email()), 0).spamProbability();
        }
        final Metrics m = Metrics.of(scores, corpus.labels(), model.threshold());
        System.out.printf(Locale.ROOT, "| shipped spambase model, threshold %s | acc %.4f | FPR %.4f | recall %.4f | AUC %.4f |%n",
                model.threshold(), m.accuracy(), m.falsePositiveRate(), m.recall(), m.rocAuc());
    }

    /** Config syntax: key=value pairs joined by ',' e.g. {@code fields=subject+body,minDf=3,l2=1e-3,value=binary}. */
    static WordSettings parse(final String config) {
        final WordSettings d = WordSettings.defaults();
        final WordOptions o = d.tokens();
        boolean lowercase = o.lowercase();
        int minLength = o.minLength();
        int maxLength = o.maxLength();
        int maxTokens = o.maxTokens();
        String value = o.value();
        String extra = o.extraChars();
        List<String> fields = o.fields();
        int minDf = d.minDf();
        int maxFeatures = d.maxFeatures();
        double l2 = d.l2();
        double spamWeight = d.spamWeight();
        if (!config.equals("default")) {
            for (final String kv : config.split(",")) {
                final String[] p = kv.split("=", 2);
                switch (p[0]) {
                    case "lowercase" -> lowercase = Boolean.parseBoolean(p[1]);
                    case "minLength" -> minLength = Integer.parseInt(p[1]);
                    case "maxLength" -> maxLength = Integer.parseInt(p[1]);
                    case "maxTokens" -> maxTokens = Integer.parseInt(p[1]);
                    case "value" -> value = p[1];
                    case "extra" -> extra = p[1];
                    case "fields" -> fields = List.of(p[1].split("\\+"));
                    case "minDf" -> minDf = Integer.parseInt(p[1]);
                    case "maxFeatures" -> maxFeatures = Integer.parseInt(p[1]);
                    case "l2" -> l2 = Double.parseDouble(p[1]);
                    case "spamWeight" -> spamWeight = Double.parseDouble(p[1]);
                    default -> throw new IllegalArgumentException("unknown key " + p[0]);
                }
            }
        }
        return new WordSettings(new WordOptions(lowercase, minLength, maxLength, maxTokens, value, extra, fields),
                minDf, maxFeatures, l2, spamWeight, d.maxIterations());
    }

    static void words(final MailCorpus corpus, final String name, final WordSettings s) {
        final long t0 = System.nanoTime();
        final List<Email> emails = corpus.mails().stream().map(MailCorpus.Mail::email).toList();
        final int[] labels = corpus.labels();
        final TokenizedCorpus tc = TokenizedCorpus.of(emails, labels, new WordTokenizer(s.tokens()));
        final int[] all = new int[corpus.size()];
        Arrays.setAll(all, i -> i);
        final double[] cv = WordTrainer.crossValidate(tc, all, 10, 42, s, CrossValidation.FoldListener.NONE);
        final int vocab = tc.vocabulary(all, s.minDf(), s.maxFeatures()).size();
        final double auc = Metrics.rocAuc(cv, labels);
        final Metrics m05 = Metrics.of(cv, labels, ThresholdPicker.lowestThreshold(cv, labels, 0.005));
        final Metrics m10 = Metrics.of(cv, labels, ThresholdPicker.lowestThreshold(cv, labels, 0.01));
        // Time split per class: the earliest 70 % of the ham and of the spam by Date (undated and misdated
        // messages sort by their parsed date, -1 first) train; the latest 30 % of each test. The corpus's spam is
        // mostly older than its ham, so a global cut would leave almost no spam to test on.
        final List<Integer> earlyList = new ArrayList<>();
        final List<Integer> lateList = new ArrayList<>();
        for (final int cls : new int[] {0, 1}) {
            final Integer[] order = java.util.stream.IntStream.range(0, corpus.size()).filter(i -> labels[i] == cls)
                    .boxed().sorted(Comparator.comparingLong((Integer i) -> corpus.mails().get(i).date()).thenComparing(i -> i))
                    .toArray(Integer[]::new);
            final int cut = (int) Math.round(order.length * 0.7);
            earlyList.addAll(Arrays.asList(order).subList(0, cut));
            lateList.addAll(Arrays.asList(order).subList(cut, order.length));
        }
        final int[] early = earlyList.stream().mapToInt(Integer::intValue).sorted().toArray();
        final int[] late = lateList.stream().mapToInt(Integer::intValue).sorted().toArray();
        final double[] earlyCv = WordTrainer.crossValidate(tc, early, 10, 42, s, CrossValidation.FoldListener.NONE);
        final int[] earlyLabels = Arrays.stream(early).map(i -> labels[i]).toArray();
        final double t = ThresholdPicker.lowestThreshold(earlyCv, earlyLabels, 0.005);
        final Model model = WordTrainer.fit(tc, early, s, Model.builder().name("time").version("1").threshold(t));
        final java.util.Map<String, Integer> idx = TokenizedCorpus.index(model.features());
        final double[] lateScores = new double[late.length];
        final int[] lateLabels = new int[late.length];
        for (int i = 0; i < late.length; i++) {
            lateScores[i] = WordTrainer.score(model, tc.vector(late[i], idx, s.tokens().binary()));
            lateLabels[i] = labels[late[i]];
        }
        final Metrics time = Metrics.of(lateScores, lateLabels, t);
        System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.4f / %.4f / %.3f | %.4f / %.4f / %.3f | %.4f | %.4f / %.4f / %.3f | %.0f s |%n",
                name, vocab, auc,
                m05.falsePositiveRate(), m05.recall(), hidden(m05),
                m10.falsePositiveRate(), m10.recall(), hidden(m10),
                time.rocAuc(), time.falsePositiveRate(), time.recall(), hidden(time),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Accuracy expected on a set with {@value #HIDDEN_SPAM_SHARE} spam at the same FPR and recall. */
    static double hidden(final Metrics m) {
        return HIDDEN_SPAM_SHARE * m.recall() + (1 - HIDDEN_SPAM_SHARE) * (1 - m.falsePositiveRate());
    }

    static List<String> header() {
        return new ArrayList<>(List.of("config", "vocab", "CV AUC", "CV@0.5% FPR/recall/acc48", "CV@1% FPR/recall/acc48",
                "time AUC", "time FPR/recall/acc48", "secs"));
    }
}
