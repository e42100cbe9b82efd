package io.spamscorer.bench;

/**
 * The names one {@code bench} run gives its topics and groups, all under its id {@code bench-<millis in base 36>} so
 * that runs on a shared broker never meet. A tag names one workload of one round ({@code c3}) or a latency run
 * ({@code lat}, {@code lat-half}).
 */
record RunNames(String id) {

    static RunNames startingNow() {
        return new RunNames("bench-" + Long.toString(System.currentTimeMillis(), 36));
    }

    /** The Spambase rows every feature workload reads. */
    String in() {
        return id + "-in";
    }

    /** The raw messages (e) and (f) read. */
    String mailIn() {
        return id + "-mail-in";
    }

    /** The input of latency run {@code tag}, which its probe writes while the scorer runs. */
    String latencyIn(final String tag) {
        return id + "-" + tag + "-in";
    }

    /** The consumer group or {@code application.id} of {@code tag}. */
    String group(final String tag) {
        return id + "-" + tag;
    }

    String out(final String tag) {
        return id + "-out-" + tag;
    }

    String dlq(final String tag) {
        return id + "-dlq-" + tag;
    }
}
