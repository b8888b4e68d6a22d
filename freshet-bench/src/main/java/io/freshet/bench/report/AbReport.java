package io.freshet.bench.report;

import io.freshet.bench.launch.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The report of {@code bench/run.sh --ab KEY=VALUE}: Freshet with its defaults (A) against the same jar with the
 * given settings (B), medians over alternating rounds and B's gain per metric. Written beside the CSV, never into
 * docs/: it is how a change behind a setting is judged before it becomes the default.
 */
public final class AbReport {

    private AbReport() {
    }

    /** Writes the report to {@code file} and returns its text. */
    public static String write(Path file, ResultTable table, List<String> settings, String command, int rounds,
                               String date, double minutes, List<String> failures) throws IOException {
        StringBuilder md = new StringBuilder("# Freshet A/B: defaults (A) against ")
            .append(String.join(", ", settings)).append(" (B)\n\n")
            .append(String.format(Locale.ROOT, "Run on %s, %d alternating rounds, %.1f minutes.%n%n", date, rounds,
                minutes))
            .append("```sh\n").append(command).append("\n```\n\n")
            .append("| case | metric | A | B | B/A | B better by |\n|---|---|---:|---:|---:|---:|\n");
        for (ResultTable.Row row : table.rows()) {
            double a = row.median(Target.FRESHET);
            double b = row.median(Target.FRESHET_B);
            double ratio = row.ratio(Target.FRESHET_B, Target.FRESHET);
            double gain = row.metric().higherIsBetter() ? ratio - 1 : 1 - ratio;
            md.append("| ").append(row.caseName()).append(" | ").append(row.metric().label()).append(" | ")
                .append(NumberFormat.value(a)).append(" | ").append(NumberFormat.value(b)).append(" | ")
                .append(NumberFormat.ratio(ratio)).append(" | ")
                .append(Double.isFinite(gain) ? String.format(Locale.ROOT, "%+.1f%%", gain * 100) : "–")
                .append(" |\n");
        }
        if (!failures.isEmpty()) {
            md.append("\nFailed: ").append(String.join("; ", failures)).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, md.toString());
        return md.toString();
    }
}
