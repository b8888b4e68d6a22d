package io.freshet.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The raw per-round numbers: {@code round,target,case,metric,value}, one line each. */
public final class ResultsCsv {

    private ResultsCsv() {
    }

    public static void write(Path file, List<Measurement> measurements) throws IOException {
        StringBuilder out = new StringBuilder("round,target,case,metric,value\n");
        for (Measurement m : measurements) {
            out.append(m.round()).append(',').append(m.target().label()).append(',').append(m.caseName())
                .append(',').append(m.metric().label().replace(',', ';')).append(',')
                .append(String.format(Locale.ROOT, "%.6g", m.value())).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
    }
}
