package io.freshet.sql.parser;

import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.ast.Statement.ColumnDef;
import io.freshet.sql.schema.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code CREATE STREAM|TABLE}: a source declared over a topic (a column list and WITH properties) or defined by a
 * query (AS SELECT, no column list). Checks what ksqlDB checks while parsing: a STREAM's key is KEY, a TABLE's
 * PRIMARY KEY; no column or property twice.
 */
final class CreateParser {

    private final TokenCursor cursor;
    private final QueryParser queries;

    CreateParser(TokenCursor cursor, QueryParser queries) {
        this.cursor = cursor;
        this.queries = queries;
    }

    /** {@code CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS] name ((columns) WITH (...) | [WITH (...)] AS SELECT)}. */
    Statement create(Token first) {
        cursor.expectWord("CREATE");
        boolean orReplace = false;
        if (cursor.acceptWord("OR")) {
            cursor.expectWord("REPLACE");
            orReplace = true;
        }
        if (!cursor.isWord("STREAM") && !cursor.isWord("TABLE")) {
            throw orReplace ? cursor.expected("STREAM", "TABLE") : cursor.expected("STREAM", "TABLE", "OR REPLACE");
        }
        SourceKind kind = SourceKind.valueOf(cursor.advance().value());
        boolean ifNotExists = StatementParser.ifPresent(cursor, "NOT", "EXISTS");
        String name = cursor.identifier("a " + kind.name().toLowerCase(Locale.ROOT) + " name");
        List<ColumnDef> columns = cursor.isSymbol("(") ? columns(kind) : null;
        Map<String, Object> properties = cursor.acceptWord("WITH") ? properties() : Map.of();
        if (columns != null) {
            if (cursor.isWord("AS")) {
                throw TokenCursor.error(cursor.peek(), "CREATE " + kind + " ... AS SELECT takes its columns from "
                        + "the query; remove the column list");
            }
            return new Statement.CreateSource(kind, name, columns, properties, orReplace, ifNotExists,
                    cursor.textFrom(first), first.position());
        }
        if (!cursor.isWord("AS")) {
            throw properties.isEmpty() ? cursor.expected("'(' and the columns", "WITH", "AS SELECT")
                    : cursor.expected("AS SELECT (without a column list, a " + kind + " is defined by a query)");
        }
        cursor.advance();
        if (!cursor.isWord("SELECT")) {
            throw cursor.expected("SELECT");
        }
        Query query = queries.query();
        return new Statement.CreateAsSelect(kind, name, properties, query, orReplace, ifNotExists,
                cursor.textFrom(first), first.position());
    }

    /** {@code (name TYPE [KEY | PRIMARY KEY], ...)}: a STREAM's key is KEY, a TABLE's PRIMARY KEY, as in ksqlDB. */
    private List<ColumnDef> columns(SourceKind kind) {
        cursor.expectSymbol("(");
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        do {
            Token nameToken = cursor.peek();
            String name = cursor.identifier("a column name");
            if (!names.add(name)) {
                throw TokenCursor.error(nameToken, "column " + name + " is declared twice");
            }
            SqlType type = TypeParser.parse(cursor);
            columns.add(new ColumnDef(name, type, keyConstraint(kind), nameToken.position()));
        } while (cursor.acceptSymbol(","));
        if (!cursor.acceptSymbol(")")) {
            throw cursor.expected("','", "')'");
        }
        return List.copyOf(columns);
    }

    private boolean keyConstraint(SourceKind kind) {
        Token token = cursor.peek();
        if (cursor.acceptWord("PRIMARY")) {
            cursor.expectWord("KEY");
            if (kind == SourceKind.STREAM) {
                throw TokenCursor.error(token, "a STREAM has no PRIMARY KEY; declare its key column with KEY");
            }
            return true;
        }
        if (cursor.acceptWord("KEY")) {
            if (kind == SourceKind.TABLE) {
                throw TokenCursor.error(token, "a TABLE's key column is declared PRIMARY KEY, not KEY");
            }
            return true;
        }
        return false;
    }

    /** {@code (NAME = literal, ...)} after WITH; names upper-cased. */
    private Map<String, Object> properties() {
        cursor.expectSymbol("(");
        Map<String, Object> properties = new LinkedHashMap<>();
        do {
            Token keyToken = cursor.peek();
            String key = propertyName().toUpperCase(Locale.ROOT);
            cursor.expectSymbol("=");
            Object value = propertyValue();
            if (properties.putIfAbsent(key, value) != null) {
                throw TokenCursor.error(keyToken, "property " + key + " is given twice");
            }
        } while (cursor.acceptSymbol(","));
        if (!cursor.acceptSymbol(")")) {
            throw cursor.expected("','", "')'");
        }
        return Collections.unmodifiableMap(properties);
    }

    private String propertyName() {
        Token token = cursor.peek();
        if (token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.QUOTED_IDENTIFIER
                || token.kind() == Token.Kind.STRING) {
            return cursor.advance().value();
        }
        throw cursor.expected("a property name (e.g. KAFKA_TOPIC)");
    }

    /** A String, Integer, Long, Double or Boolean. */
    private Object propertyValue() {
        Token token = cursor.peek();
        boolean negative = token.isSymbol("-");
        if (negative) {
            cursor.advance();
            token = cursor.peek();
        }
        switch (token.kind()) {
            case STRING -> {
                if (!negative) {
                    return cursor.advance().value();
                }
            }
            case INTEGER -> {
                return ExpressionParser.number(cursor.advance(), negative);
            }
            case DECIMAL -> {
                Object number = ExpressionParser.number(cursor.advance(), negative);
                return number instanceof BigDecimal decimal ? decimal.doubleValue() : number;
            }
            case WORD -> {
                if (!negative && (token.value().equals("TRUE") || token.value().equals("FALSE"))) {
                    return Boolean.valueOf(cursor.advance().value().equals("TRUE"));
                }
                if (!negative) {
                    throw TokenCursor.error(token, "expected a value (a 'quoted string', a number, TRUE or FALSE) "
                            + "but found " + token.describe() + " (write it in single quotes: '" + token.text() + "')");
                }
            }
            default -> {
            }
        }
        throw cursor.expected(negative ? "a number" : "a value (a 'quoted string', a number, TRUE or FALSE)");
    }
}
