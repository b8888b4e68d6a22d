package io.freshet.sql.parser;

import io.freshet.sql.ast.Position;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One statement, chosen by its first word. Each statement keeps its own source text (from its first token to its
 * last, comments inside included) for the command log and SHOW QUERIES.
 */
final class StatementParser {

    private static final String[] STATEMENTS = {"CREATE", "INSERT", "SELECT", "SHOW", "LIST", "DESCRIBE",
        "TERMINATE", "DROP", "PRINT", "SET", "UNSET"};

    private final TokenCursor cursor;
    private final QueryParser queries;

    StatementParser(TokenCursor cursor) {
        this.cursor = cursor;
        this.queries = new QueryParser(cursor);
    }

    boolean startsStatement(Token token) {
        return token.kind() == Token.Kind.WORD && java.util.Arrays.asList(STATEMENTS).contains(token.value());
    }

    Statement statement() {
        Token first = cursor.peek();
        if (first.kind() != Token.Kind.WORD) {
            throw cursor.expected(STATEMENTS);
        }
        return switch (first.value()) {
            case "CREATE" -> create(first);
            case "INSERT" -> insert(first);
            case "SELECT" -> {
                Query query = queries.query();
                yield new Statement.Select(query, cursor.textFrom(first), first.position());
            }
            case "SHOW", "LIST" -> show(first);
            case "DESCRIBE" -> describe(first);
            case "TERMINATE" -> terminate(first);
            case "DROP" -> drop(first);
            case "PRINT" -> print(first);
            case "SET" -> set(first);
            case "UNSET" -> unset(first);
            default -> throw cursor.expected(STATEMENTS);
        };
    }

    /** {@code CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS] name ((columns) WITH (...) | [WITH (...)] AS SELECT)}. */
    private Statement create(Token first) {
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
        boolean ifNotExists = ifPresent("NOT", "EXISTS");
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

    /** {@code INSERT INTO name SELECT ...}. */
    private Statement insert(Token first) {
        cursor.expectWord("INSERT");
        cursor.expectWord("INTO");
        String target = cursor.identifier("a stream name");
        if (cursor.isWord("VALUES") || cursor.isSymbol("(")) {
            throw TokenCursor.error(cursor.peek(), "INSERT INTO ... VALUES is not supported; expected SELECT");
        }
        if (!cursor.isWord("SELECT")) {
            throw cursor.expected("SELECT");
        }
        Query query = queries.query();
        return new Statement.InsertInto(target, query, cursor.textFrom(first), first.position());
    }

    /** {@code SHOW|LIST STREAMS|TABLES|QUERIES [EXTENDED]}, {@code SHOW|LIST TOPICS|PROPERTIES}. */
    private Statement show(Token first) {
        cursor.advance();
        String what = cursor.expectOneOf("STREAMS", "TABLES", "QUERIES", "TOPICS", "PROPERTIES");
        Position at = first.position();
        return switch (what) {
            case "STREAMS", "TABLES" -> {
                SourceKind kind = what.equals("STREAMS") ? SourceKind.STREAM : SourceKind.TABLE;
                boolean extended = cursor.acceptWord("EXTENDED");
                yield new Statement.ShowSources(kind, extended, cursor.textFrom(first), at);
            }
            case "QUERIES" -> {
                boolean extended = cursor.acceptWord("EXTENDED");
                yield new Statement.ShowQueries(extended, cursor.textFrom(first), at);
            }
            case "TOPICS" -> new Statement.ShowTopics(cursor.textFrom(first), at);
            default -> new Statement.ShowProperties(cursor.textFrom(first), at);
        };
    }

    /** {@code DESCRIBE [EXTENDED] name}; a source named EXTENDED is {@code DESCRIBE EXTENDED}'s name when alone. */
    private Statement describe(Token first) {
        cursor.expectWord("DESCRIBE");
        boolean extended = cursor.isWord("EXTENDED")
                && (cursor.peek(1).kind() == Token.Kind.WORD || cursor.peek(1).kind() == Token.Kind.QUOTED_IDENTIFIER);
        if (extended) {
            cursor.advance();
        }
        String name = cursor.identifier("a stream or table name");
        return new Statement.Describe(name, extended, cursor.textFrom(first), first.position());
    }

    /** {@code TERMINATE query_id | ALL}. */
    private Statement terminate(Token first) {
        cursor.expectWord("TERMINATE");
        Optional<String> queryId = cursor.acceptWord("ALL") ? Optional.empty()
                : Optional.of(cursor.identifier("a query id (see SHOW QUERIES) or ALL"));
        return new Statement.Terminate(queryId, cursor.textFrom(first), first.position());
    }

    /** {@code DROP STREAM|TABLE [IF EXISTS] name [DELETE TOPIC]}. */
    private Statement drop(Token first) {
        cursor.expectWord("DROP");
        SourceKind kind = SourceKind.valueOf(cursor.expectOneOf("STREAM", "TABLE"));
        boolean ifExists = ifPresent("EXISTS");
        String name = cursor.identifier("a " + kind.name().toLowerCase(Locale.ROOT) + " name");
        boolean deleteTopic = false;
        if (cursor.acceptWord("DELETE")) {
            cursor.expectWord("TOPIC");
            deleteTopic = true;
        }
        return new Statement.DropSource(kind, name, ifExists, deleteTopic, cursor.textFrom(first), first.position());
    }

    /** {@code PRINT topic [FROM BEGINNING] [INTERVAL|SAMPLE n] [LIMIT n]}. */
    private Statement print(Token first) {
        cursor.expectWord("PRINT");
        String topic = topicName();
        boolean fromBeginning = false;
        if (cursor.acceptWord("FROM")) {
            cursor.expectWord("BEGINNING");
            fromBeginning = true;
        }
        OptionalInt interval = cursor.acceptWord("INTERVAL") || cursor.acceptWord("SAMPLE")
                ? OptionalInt.of(positiveInt("an interval (print every n-th record)")) : OptionalInt.empty();
        OptionalInt limit = cursor.acceptWord("LIMIT") ? OptionalInt.of(positiveInt("a record count"))
                : OptionalInt.empty();
        return new Statement.Print(topic, fromBeginning, interval, limit, cursor.textFrom(first), first.position());
    }

    /** A quoted topic name as written inside its quotes; an unquoted one as written, including the '-' and '.'
     *  that topic names often have ({@code PRINT my-topic.v1}), which are separate tokens when nothing separates
     *  them. */
    private String topicName() {
        Token token = cursor.peek();
        if (token.kind() == Token.Kind.STRING || token.kind() == Token.Kind.QUOTED_IDENTIFIER) {
            return cursor.advance().value();
        }
        if (token.kind() != Token.Kind.WORD && token.kind() != Token.Kind.INTEGER) {
            throw cursor.expected("a topic name");
        }
        StringBuilder name = new StringBuilder(cursor.advance().text());
        while (isTopicNamePart(cursor.peek()) && cursor.peek().start() == cursor.previous().end()) {
            name.append(cursor.advance().text());
        }
        return name.toString();
    }

    private static boolean isTopicNamePart(Token token) {
        return token.kind() == Token.Kind.WORD || token.kind() == Token.Kind.INTEGER
                || token.kind() == Token.Kind.DECIMAL || token.isSymbol("-") || token.isSymbol(".");
    }

    /** {@code SET 'name' = 'value'}. */
    private Statement set(Token first) {
        cursor.expectWord("SET");
        String name = quotedString("a property name in single quotes, e.g. 'auto.offset.reset'");
        cursor.expectSymbol("=");
        String value = quotedString("a value in single quotes, e.g. 'earliest'");
        return new Statement.SetProperty(name, value, cursor.textFrom(first), first.position());
    }

    /** {@code UNSET 'name'}. */
    private Statement unset(Token first) {
        cursor.expectWord("UNSET");
        String name = quotedString("a property name in single quotes, e.g. 'auto.offset.reset'");
        return new Statement.UnsetProperty(name, cursor.textFrom(first), first.position());
    }

    private String quotedString(String what) {
        if (cursor.peek().kind() != Token.Kind.STRING) {
            throw cursor.expected(what);
        }
        return cursor.advance().value();
    }

    private int positiveInt(String what) {
        Token token = cursor.peek();
        if (token.kind() != Token.Kind.INTEGER) {
            throw cursor.expected(what);
        }
        Object value = ExpressionParser.number(cursor.advance(), false);
        if (!(value instanceof Integer n) || n <= 0) {
            throw TokenCursor.error(token, "expected " + what + " between 1 and " + Integer.MAX_VALUE
                    + " but found " + token.describe());
        }
        return n;
    }

    /** {@code IF [words...]}, e.g. IF NOT EXISTS; false when no IF. */
    private boolean ifPresent(String... words) {
        if (!cursor.acceptWord("IF")) {
            return false;
        }
        for (String word : words) {
            cursor.expectWord(word);
        }
        return true;
    }
}
