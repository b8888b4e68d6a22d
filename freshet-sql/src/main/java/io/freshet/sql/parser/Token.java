package io.freshet.sql.parser;

import io.freshet.sql.ast.Position;

/**
 * One lexical token. {@code text} is exactly as written (for error messages and PRINT's unquoted topic);
 * {@code value} is canonical: a word upper-cased, a quoted identifier or string literal without its quotes and with
 * doubled quotes collapsed, a symbol or number as written. {@code start} and {@code end} are offsets into the
 * submitted text, so a statement's own text can be cut out of it.
 */
record Token(Kind kind, String text, String value, Position position, int start, int end) {

    enum Kind {
        /** An unquoted word: a keyword or an identifier, depending on where it stands. */
        WORD,
        /** A back-quoted (or double-quoted) identifier: keeps its case, never a keyword. */
        QUOTED_IDENTIFIER,
        STRING,
        INTEGER,
        /** A number with a fraction ({@code 1.5}) or an exponent ({@code 1e3}). */
        DECIMAL,
        SYMBOL,
        END_OF_INPUT
    }

    boolean isWord(String upperCase) {
        return kind == Kind.WORD && value.equals(upperCase);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && value.equals(symbol);
    }

    /** How an error message names this token: {@code 'temp'}, or "end of input". */
    String describe() {
        if (kind == Kind.END_OF_INPUT) {
            return "end of input";
        }
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return kind == Kind.STRING ? shown : "'" + shown + "'";
    }
}
