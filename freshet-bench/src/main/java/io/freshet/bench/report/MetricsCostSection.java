package io.freshet.bench.report;

import io.freshet.bench.launch.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "Cost of metrics" section of docs/benchmarks.md: Freshet with {@code metrics.enabled=true} (the default)
 * against the same broker with {@code metrics.enabled=false}, from {@code bench/run.sh --metrics-cost}. It sits
 * between two markers at the end of the file; a full run rewrites the rest and keeps this block as it was, and a
 * metrics-cost run replaces only the block.
 */
public final class MetricsCostSection {

    static final String BEGIN = "<!-- metrics-cost:begin (bench/run.sh --metrics-cost; a full run keeps it) -->";
    static final String END = "<!-- metrics-cost:end -->";
    private static final List<Metric> SHOWN = List.of(Metric.RECORDS_PER_S, Metric.BROKER_CPU_PER_M, Metric.P99_MS,
        Metric.RSS_IDLE_MIB, Metric.RSS_AFTER_MIB);

    private MetricsCostSection() {
    }

    /** The block now in {@code file}, markers included, if there is one. */
    public static Optional<String> existing(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        return begin >= 0 && end > begin ? Optional.of(text.substring(begin, end + END.length())) : Optional.empty();
    }

    /** Writes this run's block into {@code file}, in place of the old one or at the end. */
    public static void write(Path file, ResultTable table, RunDescription run) throws IOException {
        String block = block(table, run);
        String text = Files.isRegularFile(file) ? Files.readString(file) : "";
        Optional<String> old = existing(file);
        String updated = old.isPresent() ? text.replace(old.get(), block)
            : text + (text.isEmpty() || text.endsWith("\n\n") ? "" : "\n") + block + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, updated);
    }

    static String block(ResultTable table, RunDescription run) {
        StringBuilder md = new StringBuilder(BEGIN).append("\n## Cost of metrics: `metrics.enabled` on vs off\n\n");
        if (run.quick()) {
            md.append("> **Quick run**: too noisy to read a few percent from.\n\n");
        }
        md.append("Run on ").append(run.date()).append(", ").append(run.rounds())
            .append(String.format(Locale.ROOT, " alternating rounds (the order rotates each round), %.1f minutes. ",
                run.elapsedMinutes()))
            .append("Both brokers are `freshet.jar server` as above, one with `--set metrics.enabled=false`; the "
                + "same produce, consume and e2e cases, medians over the rounds. Nothing scrapes `/metrics` "
                + "during the run: this is the recording cost on the produce and fetch paths (per-topic adders, one "
                + "request timer per request, one flush timer per fsync). Target: under 3% lower throughput.\n\n")
            .append("```sh\n").append(run.command()).append("\n```\n\n")
            .append("| case | metric | metrics on | metrics off | on/off | cost |\n|---|---|---:|---:|---:|---:|\n");
        for (ResultTable.Row row : table.rows()) {
            if (!SHOWN.contains(row.metric())) {
                continue;
            }
            double on = row.median(Target.FRESHET);
            double off = row.median(Target.FRESHET_NO_METRICS);
            double ratio = row.ratio(Target.FRESHET, Target.FRESHET_NO_METRICS);
            double cost = row.metric().higherIsBetter() ? 1 - ratio : ratio - 1;
            md.append("| ").append(row.caseName()).append(" | ").append(row.metric().label()).append(" | ")
                .append(NumberFormat.value(on)).append(" | ").append(NumberFormat.value(off)).append(" | ")
                .append(NumberFormat.ratio(ratio)).append(" | ")
                .append(Double.isFinite(cost) ? String.format(Locale.ROOT, "%+.1f%%", cost * 100) : "–")
                .append(" |\n");
        }
        md.append("\n`cost`: how much worse metrics on is (positive: lower throughput, more CPU, higher latency or "
            + "memory); a negative cost is noise in metrics on's favour.");
        if (!run.failures().isEmpty()) {
            md.append(" Failed cases: ").append(String.join("; ", run.failures())).append('.');
        }
        md.append("\n").append(END);
        return md.toString();
    }
}
