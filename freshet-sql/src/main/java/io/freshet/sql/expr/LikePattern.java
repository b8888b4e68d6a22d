package io.freshet.sql.expr;

/**
 * A LIKE pattern: {@code %} matches any run of characters (none included), {@code _} exactly one, everything else
 * itself, case-sensitive. Matching is the usual greedy scan that backtracks only to the last {@code %}, so it is
 * linear for patterns without %, and at worst O(pattern x value); no regular expression is built.
 */
final class LikePattern {

    private final String pattern;

    LikePattern(String pattern) {
        this.pattern = pattern;
    }

    boolean matches(String value) {
        int p = 0;
        int v = 0;
        int starP = -1;
        int starV = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '_' || pattern.charAt(p) == value.charAt(v))
                    && pattern.charAt(p) != '%') {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '%') {
                starP = p++;
                starV = v;
            } else if (starP >= 0) {
                p = starP + 1;
                v = ++starV;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '%') {
            p++;
        }
        return p == pattern.length();
    }
}
