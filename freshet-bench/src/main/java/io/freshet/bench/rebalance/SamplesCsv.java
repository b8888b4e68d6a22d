package io.freshet.bench.rebalance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The raw per-round times: {@code round,broker,protocol,case,ms,load1}, one line each. */
public final class SamplesCsv {

    private SamplesCsv() {
    }

    public static void write(Path file, List<Sample> samples) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(samples));
    }

    static String render(List<Sample> samples) {
        StringBuilder out = new StringBuilder("round,broker,protocol,case,ms,load1\n");
        for (Sample s : samples) {
            out.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.1f,%.2f%n", s.round(), s.broker().label(),
                s.protocol().label(), s.rebalanceCase().label(), s.millis(), s.load()));
        }
        return out.toString();
    }
}
