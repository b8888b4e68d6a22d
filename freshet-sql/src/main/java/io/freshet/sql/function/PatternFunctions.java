package io.freshet.sql.function;

import static io.freshet.sql.schema.SqlType.INTEGER;
import static io.freshet.sql.schema.SqlType.STRING;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular expressions (java.util.regex syntax) and masking. REGEXP_REPLACE(s, regex, replacement) replaces every
 * match; REGEXP_EXTRACT(regex, s[, group]) gives the first match (or that group of it), null when none; a bad
 * regex gives null. MASK(s) turns upper-case letters into X, lower-case into x, digits into n and anything else into
 * -; MASK(s, upper, lower, digit, other) uses the first character of each replacement, a null one keeping those
 * characters as they are.
 */
final class PatternFunctions {

    private static final CompiledPatterns<Pattern> PATTERNS = new CompiledPatterns<>(Pattern::compile);

    private PatternFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of(
                Overloads.named("REGEXP_REPLACE")
                        .strict(a -> pattern((String) a[1]).matcher((String) a[0]).replaceAll((String) a[2]), STRING,
                                STRING, STRING, STRING)
                        .build(),
                Overloads.named("REGEXP_EXTRACT")
                        .strict(a -> extract((String) a[0], (String) a[1], 0), STRING, STRING, STRING)
                        .strict(a -> extract((String) a[0], (String) a[1], (Integer) a[2]), STRING, STRING, INTEGER,
                                STRING)
                        .build(),
                Overloads.named("MASK")
                        .strict(a -> mask((String) a[0], "X", "x", "n", "-"), STRING, STRING)
                        .lenient(a -> a[0] == null ? null
                                : mask((String) a[0], (String) a[1], (String) a[2], (String) a[3], (String) a[4]),
                                STRING, STRING, STRING, STRING, STRING, STRING)
                        .build());
    }

    private static Pattern pattern(String regex) {
        return PATTERNS.get(regex);
    }

    private static String extract(String regex, String s, int group) {
        Matcher m = pattern(regex).matcher(s);
        return m.find() ? m.group(group) : null;
    }

    static String mask(String s, String upper, String lower, String digit, String other) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = Character.isUpperCase(c) ? upper : Character.isLowerCase(c) ? lower
                    : Character.isDigit(c) ? digit : other;
            sb.append(replacement == null || replacement.isEmpty() ? c : replacement.charAt(0));
        }
        return sb.toString();
    }
}
