package io.spamscorer.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The chaos suite's findings: one {@link Run} per processing guarantee, written as Markdown and JSON. */
final class ChaosReport {

    /** One injected fault and how long the job took to make committed progress on every output partition again. */
    record Fault(String type, String target, double atSeconds, long recoveryMs, String note) {
    }

    /** One chaos run under one processing guarantee. */
    static final class Run {
        final String guarantee;
        final String profile;
        final List<Fault> faults = new ArrayList<>();
        final Map<String, Object> figures = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        boolean passed;
        double wallSeconds;

        Run(final String guarantee, final String profile) {
            this.guarantee = guarantee;
            this.profile = profile;
        }

        synchronized void fault(final Fault f) {
            faults.add(f);
        }

        synchronized void figure(final String key, final Object value) {
            figures.put(key, value);
        }

        synchronized void note(final String note) {
            notes.add(note);
        }
    }

    private final List<Run> runs = new ArrayList<>();
    private final String profile;
    private final String title;
    private final String rerun;
    private final Instant started = Instant.now();

    ChaosReport(final String profile) {
        this(profile, "Chaos report", null);
    }

    /** A report with its own title and the command that reruns it (shown at the top, and per run in the JSON). */
    ChaosReport(final String profile, final String title, final String rerun) {
        this.profile = profile;
        this.title = title;
        this.rerun = rerun;
    }

    synchronized void add(final Run run) {
        runs.add(run);
    }

    synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    synchronized String markdown() {
        final StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append(" (profile ").append(profile).append(", started ").append(started)
                .append(")\n\n");
        if (rerun != null) {
            sb.append("Rerun: `").append(rerun).append("`\n\n");
        }
        for (final Run r : runs) {
            sb.append("## ").append(r.guarantee).append(" — ").append(r.passed ? "PASSED" : "FAILED")
                    .append(String.format(Locale.ROOT, " (%.1f s)%n%n", r.wallSeconds));
            sb.append("| figure | value |\n|---|---|\n");
            r.figures.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            sb.append("\n| # | fault | target | at (s) | recovery (ms) | note |\n|---|---|---|---|---|---|\n");
            for (int i = 0; i < r.faults.size(); i++) {
                final Fault f = r.faults.get(i);
                sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f | %s | %s |%n", i + 1, f.type(), f.target(),
                        f.atSeconds(), f.recoveryMs() < 0 ? "no progress seen" : Long.toString(f.recoveryMs()),
                        f.note() == null ? "" : f.note().replace("|", "/")));
            }
            if (!r.notes.isEmpty()) {
                sb.append('\n');
                r.notes.forEach(n -> sb.append("- ").append(n.replace("\n", " ")).append('\n'));
            }
            sb.append('\n');
        }
        sb.append("Recovery = time from fault injection until the committed (read_committed) end offset of every "
                + "output partition has grown past its value at injection.\n");
        return sb.toString();
    }

    synchronized Map<String, Object> json() {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("profile", profile);
        root.put("started", started.toString());
        if (rerun != null) {
            root.put("rerun", rerun);
        }
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final Run r : runs) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("guarantee", r.guarantee);
            m.put("passed", r.passed);
            m.put("wallSeconds", r.wallSeconds);
            m.put("figures", r.figures);
            final List<Map<String, Object>> faults = new ArrayList<>();
            for (final Fault f : r.faults) {
                final Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("type", f.type());
                fm.put("target", f.target());
                fm.put("atSeconds", f.atSeconds());
                fm.put("recoveryMs", f.recoveryMs());
                fm.put("note", f.note());
                faults.add(fm);
            }
            m.put("faults", faults);
            m.put("notes", r.notes);
            out.add(m);
        }
        root.put("runs", out);
        return root;
    }

    /** Writes {@code report.md} and {@code report.json} into {@code dir} and returns the Markdown. */
    synchronized String write(final Path dir) {
        return write(dir, "report");
    }

    /** Writes {@code <name>.md} and {@code <name>.json} into {@code dir} and returns the Markdown. */
    synchronized String write(final Path dir, final String name) {
        final String md = markdown();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), md, StandardCharsets.UTF_8);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(), json());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the chaos report to " + dir, e);
        }
        return md;
    }
}
