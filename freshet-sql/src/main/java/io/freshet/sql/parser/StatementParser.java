package io.freshet.sql.parser;

import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One statement, chosen by its first word (CREATE statements are {@link CreateParser}'s). Each statement keeps its own source text (from its first token to its
 * last, comments inside included) for the command log and SHOW QUERIES.
 */
final class StatementParser {

    private static final String[] STATEMENTS = {"CREATE", "INSERT", "SELECT", "SHOW", "LIST", "DESCRIBE",
        "TERMINATE", "DROP", "PRINT", "SET", "UNSET"};

    private final TokenCursor cursor;
    private final QueryParser queries;
    private final CreateParser creates;

    StatementParser(TokenCursor cursor) {
        this.cursor = cursor;
        this.queries = new QueryParser(cursor);
        this.creates = new CreateParser(cursor, queries);
    }

    boolean startsStatement(Token token) {
        return token.kind() == Token.Kind.WORD && Arrays.asList(STATEMENTS).contains(token.value());
    }

    Statement statement() {
        Token first = cursor.peek();
        if (first.kind() != Token.Kind.WORD) {
            throw cursor.expected(STATEMENTS);
        }
        return switch (first.value()) {
            case "CREATE" -> creates.create(first);
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
        boolean ifExists = ifPresent(cursor, "EXISTS");
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
    static boolean ifPresent(TokenCursor cursor, String... words) {
        if (!cursor.acceptWord("IF")) {
            return false;
        }
        for (String word : words) {
            cursor.expectWord(word);
        }
        return true;
    }
}
