package io.freshet.sql.parser;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts statement text into {@link Token}s, each with its 1-based line and column. Skips white space, {@code --}
 * line comments and {@code /* ... *}{@code /} block comments. Words are upper-cased in {@code value} (keywords are
 * case-insensitive, unquoted identifiers canonical in upper case); back-quoted and double-quoted identifiers keep
 * their case; {@code ''} inside a string literal is one quote. The token list always ends with END_OF_INPUT.
 */
final class SqlLexer {

    /** Two-character operators first, so that {@code <=} is not read as {@code <} then {@code =}. */
    private static final List<String> SYMBOLS = List.of("<>", "!=", "<=", ">=",
            "(", ")", ",", ";", ".", "*", "+", "-", "/", "%", "=", "<", ">");

    private final String text;
    private int offset;
    private int line = 1;
    private int column = 1;

    private SqlLexer(String text) {
        this.text = text;
    }

    /** @throws SqlException at an unterminated literal or comment, or a character no token starts with */
    static List<Token> tokenize(String text) {
        return new SqlLexer(text).readAll();
    }

    private List<Token> readAll() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (offset >= text.length()) {
                Position end = position();
                tokens.add(new Token(Token.Kind.END_OF_INPUT, "", "", end, offset, offset));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        char c = text.charAt(offset);
        if (Character.isLetter(c) || c == '_') {
            return word();
        }
        if ((c >= '0' && c <= '9') || (c == '.' && isDigit(offset + 1))) {
            return number();
        }
        if (c == '\'') {
            return quoted('\'', Token.Kind.STRING, "unterminated string literal: a ' is missing");
        }
        if (c == '`') {
            return quoted('`', Token.Kind.QUOTED_IDENTIFIER, "unterminated quoted identifier: a ` is missing");
        }
        if (c == '"') {
            return quoted('"', Token.Kind.QUOTED_IDENTIFIER, "unterminated quoted identifier: a \" is missing");
        }
        if (text.startsWith("->", offset)) {
            throw new SqlException(position(), "unexpected '->': struct fields are not supported");
        }
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, offset)) {
                return token(Token.Kind.SYMBOL, offset, position(), symbol, symbol.length());
            }
        }
        throw new SqlException(position(), "unexpected character '" + c + "'"
                + (c == '[' || c == '{' || c == '|' ? " (arrays, maps, structs and || are not supported)" : ""));
    }

    private Token word() {
        int start = offset;
        int end = offset;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                || text.charAt(end) == '$')) {
            end++;
        }
        String written = text.substring(start, end);
        return token(Token.Kind.WORD, start, position(), written.toUpperCase(Locale.ROOT), end - start);
    }

    private Token number() {
        int start = offset;
        int end = digitsFrom(offset);
        boolean decimal = false;
        if (end < text.length() && text.charAt(end) == '.' && !(end + 1 < text.length() && text.charAt(end + 1) == '.')) {
            decimal = true;
            end = digitsFrom(end + 1);
        }
        if (end < text.length() && (text.charAt(end) == 'e' || text.charAt(end) == 'E')) {
            int exponent = end + 1;
            if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            if (isDigit(exponent)) {
                decimal = true;
                end = digitsFrom(exponent);
            }
        }
        String written = text.substring(start, end);
        return token(decimal ? Token.Kind.DECIMAL : Token.Kind.INTEGER, start, position(), written, end - start);
    }

    /** A literal between {@code quote}s, where a doubled quote stands for one. */
    private Token quoted(char quote, Token.Kind kind, String unterminated) {
        Position at = position();
        int start = offset;
        StringBuilder value = new StringBuilder();
        int i = offset + 1;
        while (true) {
            if (i >= text.length()) {
                throw new SqlException(at, unterminated);
            }
            char c = text.charAt(i);
            if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    value.append(quote);
                    i += 2;
                    continue;
                }
                break;
            }
            value.append(c);
            i++;
        }
        if (kind == Token.Kind.QUOTED_IDENTIFIER && value.isEmpty()) {
            throw new SqlException(at, "empty quoted identifier");
        }
        return token(kind, start, at, value.toString(), i + 1 - start);
    }

    private Token token(Token.Kind kind, int start, Position at, String value, int length) {
        advance(length);
        return new Token(kind, text.substring(start, start + length), value, at, start, start + length);
    }

    private void skipSpaceAndComments() {
        while (offset < text.length()) {
            char c = text.charAt(offset);
            if (Character.isWhitespace(c)) {
                advance(1);
            } else if (text.startsWith("--", offset)) {
                while (offset < text.length() && text.charAt(offset) != '\n') {
                    advance(1);
                }
            } else if (text.startsWith("/*", offset)) {
                Position at = position();
                int close = text.indexOf("*/", offset + 2);
                if (close < 0) {
                    throw new SqlException(at, "unterminated comment: a */ is missing");
                }
                advance(close + 2 - offset);
            } else {
                return;
            }
        }
    }

    /** Moves over {@code count} characters, keeping line and column (a tab counts as one column). */
    private void advance(int count) {
        for (int i = 0; i < count; i++) {
            if (text.charAt(offset) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            offset++;
        }
    }

    private int digitsFrom(int from) {
        int end = from;
        while (isDigit(end)) {
            end++;
        }
        return end;
    }

    private boolean isDigit(int at) {
        return at < text.length() && Character.isDigit(text.charAt(at)) && text.charAt(at) < 128;
    }

    private Position position() {
        return new Position(line, column);
    }
}
