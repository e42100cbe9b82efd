package io.spamscorer.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * The scorer-instance faults of a chaos schedule: {@code up:x} (scale up), {@code down:x} (SIGTERM, must exit 0),
 * {@code kill:x} (SIGKILL and restart) and {@code stop:x} (SIGSTOP past the session timeout, then SIGCONT: a zombie
 * that must be fenced and rejoin).
 */
final class InstanceFaults {

    private static final long SIGSTOP_MS = ChaosRunner.SESSION_TIMEOUT_MS + 6_000;

    private InstanceFaults() {
    }

    /** Rebalance churn, SIGKILL + restart, SIGSTOP past the session timeout of one instance; false for others. */
    static boolean inject(final ChaosRunner.Step s) throws InterruptedException {
        final String[] parts = s.name().split(":");
        final ScorerProcess target = parts.length > 1 ? s.session().instances().get(parts[1]) : null;
        final List<String> alive = s.session().alive();
        final ChaosReport.Run run = s.run();
        switch (parts[0]) {
            case "up" -> {
                target.start();
                target.awaitRunning(ChaosRunner.START_TIMEOUT);
                alive.add(parts[1]);
                final long running = ChaosRunner.ms(s.atNanos());
                final Map<TopicPartition, Long> now = s.offsets().committedEnds(List.of(s.session().output()), ChaosRunner.RECOVERY_TIMEOUT);
                final long recovery = s.offsets().awaitProgress(now, s.atNanos(), ChaosRunner.RECOVERY_TIMEOUT);
                run.fault(new ChaosReport.Fault("scale up to " + alive.size(), target.name(), s.atSeconds(), recovery,
                        "new instance RUNNING after " + running + " ms"));
            }
            case "down" -> {
                final int code = target.terminate(ChaosRunner.STOP_TIMEOUT);
                alive.remove(parts[1]);
                final long stopped = ChaosRunner.ms(s.atNanos());
                run.fault(new ChaosReport.Fault("scale down to " + alive.size(), target.name(), s.atSeconds(),
                        s.awaitRecovery(), "SIGTERM -> exit " + code + " after " + stopped + " ms"));
                if (code != 0) {
                    run.note("PROBLEM: " + target.name() + " exited with " + code + " after SIGTERM (expected 0)");
                }
            }
            case "kill" -> {
                target.kill9();
                target.start();
                target.awaitRunning(ChaosRunner.START_TIMEOUT);
                final long running = ChaosRunner.ms(s.atNanos());
                run.fault(new ChaosReport.Fault("kill -9 + restart", target.name(), s.atSeconds(), s.awaitRecovery(),
                        "restarted instance RUNNING after " + running + " ms"));
            }
            case "stop" -> zombie(s, target);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void zombie(final ChaosRunner.Step s, final ScorerProcess target) throws InterruptedException {
        target.sigstop();
        long recovery = s.offsets().awaitProgress(s.baseline(), s.atNanos(), Duration.ofMillis(SIGSTOP_MS));
        final long remaining = SIGSTOP_MS - ChaosRunner.ms(s.atNanos());
        if (remaining > 0) {
            Thread.sleep(remaining);
        }
        final long mark = target.logMark();
        target.sigcont();
        if (recovery < 0) {
            recovery = s.awaitRecovery();
        }
        String rejoined;
        try {
            target.awaitLog(mark, Pattern.compile("-> RUNNING"), ChaosRunner.START_TIMEOUT);
            rejoined = "rejoined and RUNNING again " + ChaosRunner.ms(s.atNanos()) + " ms after SIGSTOP";
        } catch (final AssertionError e) {
            rejoined = "did not log RUNNING again: " + e.getMessage().lines().findFirst().orElse("");
        }
        final int fenced = target.countLines(ChaosRunner.FENCING, mark);
        final String first = target.firstLine(ChaosRunner.FENCING, mark);
        s.run().fault(new ChaosReport.Fault("SIGSTOP " + SIGSTOP_MS + " ms (session.timeout.ms " + ChaosRunner.SESSION_TIMEOUT_MS
                + ") + SIGCONT", target.name(), s.atSeconds(), recovery, rejoined + "; " + fenced
                + " fencing/migration log lines after SIGCONT" + (first == null ? "" : ", first: " + ChaosRunner.abbreviate(first))));
    }
}
