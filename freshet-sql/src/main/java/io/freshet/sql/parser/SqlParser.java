package io.freshet.sql.parser;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses statements in ksqlDB's dialect, a hand-written recursive-descent parser over {@code SqlLexer}'s tokens.
 * Statements end with ';' (the last one may omit it; empty statements are skipped). Keywords are case-insensitive;
 * unquoted identifiers are upper-cased, back-quoted ones keep their case; '--' comments run to the end of the line,
 * '/* ... *&#47;' comments may span lines.
 *
 * <p>Design note: one class per grammar level ({@link StatementParser}, {@link QueryParser}, {@link WindowParser},
 * {@link ExpressionParser}, {@link TypeParser}) over one shared {@link TokenCursor}, which words every
 * "expected ... but found ..." error so all messages read alike. The parser stops at the first error: a statement
 * batch is all or nothing for the user anyway, and a second message after a guess at recovery is often wrong.
 */
public final class SqlParser {

    private SqlParser() {
    }

    /**
     * @throws SqlException at the first error, positioned at the offending token, with a message naming what was
     *     found and what was expected: {@code line 1, column 31: expected ',' or ')' but found 'temp'}
     */
    public static List<Statement> parse(String text) {
        TokenCursor cursor = new TokenCursor(text, SqlLexer.tokenize(text));
        StatementParser statements = new StatementParser(cursor);
        List<Statement> parsed = new ArrayList<>();
        while (true) {
            while (cursor.acceptSymbol(";")) {
                // an empty statement: nothing to do
            }
            if (cursor.atEnd()) {
                return List.copyOf(parsed);
            }
            parsed.add(statements.statement());
            if (!cursor.acceptSymbol(";") && !cursor.atEnd()) {
                throw statements.startsStatement(cursor.peek())
                        ? TokenCursor.error(cursor.peek(), "expected ';' but found " + cursor.peek().describe()
                                + ": is the ';' at the end of the statement before it missing?")
                        : cursor.expected("';'");
            }
        }
    }

    /** Parses text that must hold exactly one statement. */
    public static Statement parseOne(String text) {
        List<Statement> statements = parse(text);
        if (statements.size() != 1) {
            throw new SqlException(statements.isEmpty() ? Position.UNKNOWN
                    : statements.get(1).position(), "expected one statement but found " + statements.size());
        }
        return statements.get(0);
    }
}
