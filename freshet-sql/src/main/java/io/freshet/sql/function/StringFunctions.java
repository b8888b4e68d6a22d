package io.freshet.sql.function;

import static io.freshet.sql.schema.SqlType.INTEGER;
import static io.freshet.sql.schema.SqlType.STRING;

import java.util.List;
import java.util.Locale;

/**
 * String functions with ksqlDB's names and meaning. Positions are 1-based; a negative position counts from the
 * end. A null argument gives null except where said (CONCAT and CONCAT_WS skip null strings).
 */
final class StringFunctions {

    private StringFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of(
                Overloads.named("UCASE").strict(a -> ((String) a[0]).toUpperCase(Locale.ROOT), STRING, STRING).build(),
                Overloads.named("LCASE").strict(a -> ((String) a[0]).toLowerCase(Locale.ROOT), STRING, STRING).build(),
                Overloads.named("LEN").strict(a -> ((String) a[0]).length(), STRING, INTEGER).build(),
                Overloads.named("CONCAT").variadic(StringFunctions::concat, STRING, STRING, STRING).build(),
                Overloads.named("CONCAT_WS").variadic(StringFunctions::concatWs, STRING, STRING, STRING, STRING)
                        .build(),
                Overloads.named("SUBSTRING")
                        .strict(a -> substring((String) a[0], (Integer) a[1], Integer.MAX_VALUE), STRING, INTEGER,
                                STRING)
                        .strict(a -> substring((String) a[0], (Integer) a[1], (Integer) a[2]), STRING, INTEGER,
                                INTEGER, STRING)
                        .build(),
                Overloads.named("TRIM").strict(a -> ((String) a[0]).trim(), STRING, STRING).build(),
                Overloads.named("LTRIM").strict(a -> ltrim((String) a[0]), STRING, STRING).build(),
                Overloads.named("RTRIM").strict(a -> rtrim((String) a[0]), STRING, STRING).build(),
                Overloads.named("REPLACE")
                        .strict(a -> ((String) a[0]).replace((String) a[1], (String) a[2]), STRING, STRING, STRING,
                                STRING)
                        .build(),
                Overloads.named("LPAD").strict(a -> pad((String) a[0], (Integer) a[1], (String) a[2], true),
                        STRING, INTEGER, STRING, STRING).build(),
                Overloads.named("RPAD").strict(a -> pad((String) a[0], (Integer) a[1], (String) a[2], false),
                        STRING, INTEGER, STRING, STRING).build(),
                Overloads.named("INSTR")
                        .strict(a -> instr((String) a[0], (String) a[1], 1, 1), STRING, STRING, INTEGER)
                        .strict(a -> instr((String) a[0], (String) a[1], (Integer) a[2], 1), STRING, STRING,
                                INTEGER, INTEGER)
                        .strict(a -> instr((String) a[0], (String) a[1], (Integer) a[2], (Integer) a[3]), STRING,
                                STRING, INTEGER, INTEGER, INTEGER)
                        .build(),
                Overloads.named("INITCAP").strict(a -> initcap((String) a[0]), STRING, STRING).build());
    }

    /** Null strings count as empty (ksqlDB). */
    static Object concat(Object[] args) {
        StringBuilder sb = new StringBuilder();
        for (Object a : args) {
            if (a != null) {
                sb.append((String) a);
            }
        }
        return sb.toString();
    }

    /** Null separator: null; null strings are skipped, separator and all. */
    static Object concatWs(Object[] args) {
        if (args[0] == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (int i = 1; i < args.length; i++) {
            if (args[i] != null) {
                if (!first) {
                    sb.append((String) args[0]);
                }
                sb.append((String) args[i]);
                first = false;
            }
        }
        return sb.toString();
    }

    /** 1-based {@code position}; negative counts from the end; 0 is the same as 1. */
    static String substring(String s, int position, int length) {
        int start = position > 0 ? position - 1 : position < 0 ? Math.max(0, s.length() + position) : 0;
        if (start >= s.length() || length <= 0) {
            return "";
        }
        long end = Math.min((long) start + length, s.length());
        return s.substring(start, (int) end);
    }

    static String ltrim(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) <= ' ') {
            i++;
        }
        return s.substring(i);
    }

    static String rtrim(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) <= ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Pads (or truncates) to {@code length}; an empty padding or a negative length gives null (ksqlDB). */
    static String pad(String s, int length, String padding, boolean left) {
        if (padding.isEmpty() || length < 0) {
            return null;
        }
        if (s.length() >= length) {
            return s.substring(0, length);
        }
        StringBuilder fill = new StringBuilder(length);
        while (fill.length() < length - s.length()) {
            fill.append(padding);
        }
        fill.setLength(length - s.length());
        return left ? fill + s : s + fill;
    }

    /**
     * 1-based index of the {@code occurrence}-th {@code sub} in {@code s}, searching from {@code position} (a negative
     * position searches backwards from that far from the end); 0 when not found.
     */
    static Object instr(String s, String sub, int position, int occurrence) {
        if (occurrence <= 0 || position == 0) {
            return 0;
        }
        int found = -1;
        if (position > 0) {
            int from = position - 1;
            for (int n = 0; n < occurrence; n++) {
                found = s.indexOf(sub, from);
                if (found < 0) {
                    return 0;
                }
                from = found + 1;
            }
        } else {
            int from = s.length() + position;
            for (int n = 0; n < occurrence; n++) {
                found = from < 0 ? -1 : s.lastIndexOf(sub, from);
                if (found < 0) {
                    return 0;
                }
                from = found - 1;
            }
        }
        return found + 1;
    }

    /** First letter of each space-separated word upper case, the rest lower case. */
    static String initcap(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = Character.isWhitespace(c);
        }
        return sb.toString();
    }
}
