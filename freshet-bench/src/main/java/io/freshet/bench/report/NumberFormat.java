package io.freshet.bench.report;

import java.util.Locale;

/** How the report prints numbers: thousands separated, small values with sub-unit precision. */
public final class NumberFormat {

    private NumberFormat() {
    }

    public static String value(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double abs = Math.abs(v);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "–";
    }
}
