package io.freshet.sql.ast;

import io.freshet.sql.schema.SqlType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One parsed statement. {@code text} is the statement's own source text (without the trailing semicolon), kept
 * for the command log, SHOW QUERIES and error messages. Property maps ({@code WITH (...)}) have upper-case keys and
 * literal values (String, Integer, Long, Double, Boolean).
 */
public sealed interface Statement {

    String text();

    Position position();

    /** A column in CREATE STREAM/TABLE: {@code name TYPE [KEY | PRIMARY KEY]}. */
    record ColumnDef(String name, SqlType type, boolean key, Position position) {
    }

    /** {@code CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS] name (columns) WITH (...)}: declares a source over a
     *  topic. A TABLE's key is declared PRIMARY KEY, a STREAM's KEY. */
    record CreateSource(SourceKind kind, String name, List<ColumnDef> columns, Map<String, Object> properties,
                        boolean orReplace, boolean ifNotExists, String text, Position position) implements Statement {
    }

    /** {@code CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS] name [WITH (...)] AS SELECT ...}: a persistent
     *  query writing a new source. */
    record CreateAsSelect(SourceKind kind, String name, Map<String, Object> properties, Query query,
                          boolean orReplace, boolean ifNotExists, String text, Position position) implements Statement {
    }

    /** {@code INSERT INTO target SELECT ...}: a persistent query writing an existing stream. */
    record InsertInto(String target, Query query, String text, Position position) implements Statement {
    }

    /** A transient push query: {@code SELECT ... EMIT CHANGES [LIMIT n]}, streamed back to the client. */
    record Select(Query query, String text, Position position) implements Statement {
    }

    /** {@code SHOW|LIST STREAMS|TABLES [EXTENDED]}. */
    record ShowSources(SourceKind kind, boolean extended, String text, Position position) implements Statement {
    }

    /** {@code SHOW|LIST QUERIES [EXTENDED]}. */
    record ShowQueries(boolean extended, String text, Position position) implements Statement {
    }

    /** {@code SHOW|LIST TOPICS}. */
    record ShowTopics(String text, Position position) implements Statement {
    }

    /** {@code SHOW PROPERTIES}. */
    record ShowProperties(String text, Position position) implements Statement {
    }

    /** {@code DESCRIBE [EXTENDED] name}. */
    record Describe(String name, boolean extended, String text, Position position) implements Statement {
    }

    /** {@code TERMINATE query_id} or {@code TERMINATE ALL} (queryId empty). Query ids are upper case. */
    record Terminate(Optional<String> queryId, String text, Position position) implements Statement {
    }

    /** {@code DROP STREAM|TABLE [IF EXISTS] name [DELETE TOPIC]}. */
    record DropSource(SourceKind kind, String name, boolean ifExists, boolean deleteTopic, String text,
                      Position position) implements Statement {
    }

    /** {@code PRINT topic [FROM BEGINNING] [INTERVAL|SAMPLE n] [LIMIT n]}; the topic name keeps its case when
     *  quoted (back-quotes or single quotes), and is taken as written when unquoted (topics are case-sensitive;
     *  ksqlDB also tries the upper-cased name). */
    record Print(String topic, boolean fromBeginning, OptionalInt interval, OptionalInt limit, String text,
                 Position position) implements Statement {
    }

    /** {@code SET 'name'='value'}. */
    record SetProperty(String name, String value, String text, Position position) implements Statement {
    }

    /** {@code UNSET 'name'}. */
    record UnsetProperty(String name, String text, Position position) implements Statement {
    }
}
