package io.freshet.sql.parser;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The parsers' shared read position over one input's tokens, and the one place that words the "expected ... but
 * found ..." errors, so every message has the same shape: {@code expected ',' or ')' but found 'temp'},
 * {@code expected one of STREAM, TABLE but found 'STRAEM' (did you mean STREAM?)},
 * {@code unexpected end of input; expected ')'}. An error is positioned at the token found.
 */
final class TokenCursor {

    /**
     * Words that cannot be an unquoted name because a clause or operator starts with them where a name could
     * also stand (after a source, a select expression or an operand). Back-quoting makes any of them a name.
     */
    static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "WINDOW", "GROUP", "BY", "PARTITION",
            "HAVING", "EMIT", "LIMIT", "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "ON", "WITHIN",
            "AS", "AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "BETWEEN", "LIKE", "IN", "CASE", "WHEN",
            "THEN", "ELSE", "END", "CAST", "WITH");

    private final String source;
    private final List<Token> tokens;
    private int index;

    TokenCursor(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(index);
    }

    /** The token {@code ahead} places after the current one (END_OF_INPUT past the end). */
    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    Token previous() {
        return tokens.get(index - 1);
    }

    Token advance() {
        Token token = tokens.get(index);
        if (token.kind() != Token.Kind.END_OF_INPUT) {
            index++;
        }
        return token;
    }

    boolean atEnd() {
        return peek().kind() == Token.Kind.END_OF_INPUT;
    }

    boolean isWord(String keyword) {
        return peek().isWord(keyword);
    }

    boolean isSymbol(String symbol) {
        return peek().isSymbol(symbol);
    }

    boolean acceptWord(String keyword) {
        if (isWord(keyword)) {
            advance();
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String symbol) {
        if (isSymbol(symbol)) {
            advance();
            return true;
        }
        return false;
    }

    Token expectWord(String keyword) {
        if (!isWord(keyword)) {
            throw expected(keyword);
        }
        return advance();
    }

    Token expectSymbol(String symbol) {
        if (!isSymbol(symbol)) {
            throw expected("'" + symbol + "'");
        }
        return advance();
    }

    /** Consumes one of {@code keywords} and returns it (upper case). */
    String expectOneOf(String... keywords) {
        for (String keyword : keywords) {
            if (acceptWord(keyword)) {
                return keyword;
            }
        }
        throw expected(keywords);
    }

    /** True when the current token can be a name: a quoted identifier, or a word that is not reserved. */
    boolean isIdentifier() {
        Token token = peek();
        return token.kind() == Token.Kind.QUOTED_IDENTIFIER
                || (token.kind() == Token.Kind.WORD && !RESERVED.contains(token.value()));
    }

    /** Consumes a name and returns it canonical (unquoted upper-cased, quoted as written). */
    String identifier(String what) {
        if (!isIdentifier()) {
            Token token = peek();
            if (token.kind() == Token.Kind.WORD) {
                throw error(token, "expected " + what + " but found " + token.describe()
                        + ", a reserved word (write `" + token.text() + "` to use it as a name)");
            }
            throw expected(what);
        }
        return advance().value();
    }

    /** The source text from {@code first}'s start to the end of the last token consumed. */
    String textFrom(Token first) {
        return source.substring(first.start(), Math.max(first.start(), previous().end()));
    }

    /** "expected A or B but found 'x'" at the current token. Keywords are given bare, symbols quoted: "','". */
    SqlException expected(String... alternatives) {
        return expectedAt(peek(), alternatives);
    }

    static SqlException expectedAt(Token found, String... alternatives) {
        String expected = alternatives(alternatives);
        if (found.kind() == Token.Kind.END_OF_INPUT) {
            return error(found, "unexpected end of input; expected " + expected);
        }
        return error(found, "expected " + expected + " but found " + found.describe() + suggestion(found, alternatives));
    }

    static SqlException error(Token at, String message) {
        return new SqlException(at.position(), message);
    }

    static SqlException error(Position at, String message) {
        return new SqlException(at, message);
    }

    private static String alternatives(String... alternatives) {
        if (alternatives.length == 1) {
            return alternatives[0];
        }
        boolean allKeywords = Arrays.stream(alternatives).allMatch(TokenCursor::isKeyword);
        if (allKeywords) {
            return "one of " + String.join(", ", alternatives);
        }
        int last = alternatives.length - 1;
        return String.join(", ", Arrays.asList(alternatives).subList(0, last)) + " or " + alternatives[last];
    }

    /** " (did you mean STREAM?)" when the word found is a likely typo of an expected keyword. */
    private static String suggestion(Token found, String... alternatives) {
        if (found.kind() != Token.Kind.WORD) {
            return "";
        }
        for (String alternative : alternatives) {
            if (isKeyword(alternative) && alternative.length() > 3
                    && editDistance(found.value(), alternative) <= (alternative.length() > 5 ? 2 : 1)) {
                return " (did you mean " + alternative + "?)";
            }
        }
        return "";
    }

    private static boolean isKeyword(String alternative) {
        return alternative.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || c == '_' || c == ' ');
    }

    /** Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters counts as one edit. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
