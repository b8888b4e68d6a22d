package io.freshet.sql.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Text tables as ksqlDB's CLI prints them. {@link #listing}: SHOW and DESCRIBE, a header row, a rule of dashes,
 * the rows and a closing rule, cells padded with one space and separated by {@code |}. {@link #boxHeader} and
 * {@link #boxRow}: a push query's rows, printed one at a time as they arrive, so the column widths come from the
 * header alone (a longer value widens only its own row).
 */
public final class TablePrinter {

    /** A push query's narrowest column, as ksqlDB's CLI leaves room for values longer than the name. */
    static final int MIN_BOX_WIDTH = 12;

    private TablePrinter() {
    }

    public static String listing(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(header, widths));
        int ruleLength = lines.get(0).length();
        String rule = "-".repeat(ruleLength);
        lines.add(rule);
        for (List<String> row : rows) {
            lines.add(line(row, widths));
        }
        lines.add(rule);
        return String.join("\n", lines) + "\n";
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                b.append('|');
            }
            b.append(' ').append(pad(cell(cells, i), widths[i])).append(' ');
        }
        return b.toString();
    }

    /** The top border, the column names and the border under them. */
    public static String boxHeader(List<String> names) {
        int[] widths = boxWidths(names);
        String border = border(widths);
        return border + "\n" + boxLine(names, widths) + "\n" + border + "\n";
    }

    public static String boxRow(List<String> names, List<String> values) {
        return boxLine(values, boxWidths(names)) + "\n";
    }

    private static int[] boxWidths(List<String> names) {
        int[] widths = new int[names.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(MIN_BOX_WIDTH, names.get(i).length() + 1);
        }
        return widths;
    }

    private static String border(int[] widths) {
        StringBuilder b = new StringBuilder("+");
        for (int w : widths) {
            b.append("-".repeat(w)).append('+');
        }
        return b.toString();
    }

    private static String boxLine(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            b.append(pad(cell(cells, i), widths[i])).append('|');
        }
        return b.toString();
    }

    private static String cell(List<String> cells, int i) {
        String c = i < cells.size() ? cells.get(i) : "";
        return c == null ? "" : c;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
