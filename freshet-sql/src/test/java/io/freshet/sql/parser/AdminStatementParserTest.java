package io.freshet.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** SHOW / LIST, DESCRIBE, TERMINATE, DROP, PRINT, SET and UNSET. */
class AdminStatementParserTest {

    private static Statement parse(String text) {
        return SqlParser.parseOne(text);
    }

    @Test
    void shouldParseShowAndListOfSources() {
        assertThat(parse("SHOW STREAMS;")).isEqualTo(new Statement.ShowSources(SourceKind.STREAM, false,
                "SHOW STREAMS", new Position(1, 1)));
        assertThat(parse("list tables extended")).isEqualTo(new Statement.ShowSources(SourceKind.TABLE, true,
                "list tables extended", new Position(1, 1)));
        assertThat(parse("LIST STREAMS EXTENDED")).isEqualTo(new Statement.ShowSources(SourceKind.STREAM, true,
                "LIST STREAMS EXTENDED", new Position(1, 1)));
    }

    @Test
    void shouldParseShowQueriesTopicsAndProperties() {
        assertThat(parse("SHOW QUERIES")).isEqualTo(new Statement.ShowQueries(false, "SHOW QUERIES",
                new Position(1, 1)));
        assertThat(parse("show queries EXTENDED")).isEqualTo(new Statement.ShowQueries(true, "show queries EXTENDED",
                new Position(1, 1)));
        assertThat(parse("LIST TOPICS")).isEqualTo(new Statement.ShowTopics("LIST TOPICS", new Position(1, 1)));
        assertThat(parse("SHOW PROPERTIES")).isEqualTo(new Statement.ShowProperties("SHOW PROPERTIES",
                new Position(1, 1)));
    }

    @Test
    void shouldParseDescribe() {
        assertThat(parse("DESCRIBE readings")).isEqualTo(new Statement.Describe("READINGS", false,
                "DESCRIBE readings", new Position(1, 1)));
        assertThat(parse("describe extended `Readings`")).isEqualTo(new Statement.Describe("Readings", true,
                "describe extended `Readings`", new Position(1, 1)));
        assertThat(parse("DESCRIBE extended")).isEqualTo(new Statement.Describe("EXTENDED", false,
                "DESCRIBE extended", new Position(1, 1)));
    }

    @Test
    void shouldParseTerminateOfOneQueryOrAll() {
        assertThat(parse("TERMINATE csas_hot_3")).isEqualTo(new Statement.Terminate(Optional.of("CSAS_HOT_3"),
                "TERMINATE csas_hot_3", new Position(1, 1)));
        assertThat(parse("terminate all;")).isEqualTo(new Statement.Terminate(Optional.empty(), "terminate all",
                new Position(1, 1)));
    }

    @Test
    void shouldParseDrop() {
        assertThat(parse("DROP STREAM hot")).isEqualTo(new Statement.DropSource(SourceKind.STREAM, "HOT", false, false,
                "DROP STREAM hot", new Position(1, 1)));
        assertThat(parse("DROP TABLE IF EXISTS per_minute DELETE TOPIC")).isEqualTo(new Statement.DropSource(
                SourceKind.TABLE, "PER_MINUTE", true, true, "DROP TABLE IF EXISTS per_minute DELETE TOPIC",
                new Position(1, 1)));
    }

    @Test
    void shouldParsePrintWithTopicNamesAsWritten() {
        assertThat(parse("PRINT readings")).isEqualTo(new Statement.Print("readings", false, OptionalInt.empty(),
                OptionalInt.empty(), "PRINT readings", new Position(1, 1)));
        assertThat(parse("PRINT 'Mixed-Case' FROM BEGINNING INTERVAL 2 LIMIT 10")).isEqualTo(new Statement.Print(
                "Mixed-Case", true, OptionalInt.of(2), OptionalInt.of(10),
                "PRINT 'Mixed-Case' FROM BEGINNING INTERVAL 2 LIMIT 10", new Position(1, 1)));
        assertThat(((Statement.Print) parse("print `a.b` sample 3")).topic()).isEqualTo("a.b");
        assertThat(((Statement.Print) parse("print sample limit 1")).topic()).isEqualTo("sample");
        assertThat(((Statement.Print) parse("PRINT my-topic.v2 FROM BEGINNING")).topic()).isEqualTo("my-topic.v2");
        assertThat(((Statement.Print) parse("PRINT _confluent-ksql_x.1")).topic()).isEqualTo("_confluent-ksql_x.1");
    }

    @Test
    void shouldParseSetAndUnset() {
        assertThat(parse("SET 'auto.offset.reset'='earliest';")).isEqualTo(new Statement.SetProperty(
                "auto.offset.reset", "earliest", "SET 'auto.offset.reset'='earliest'", new Position(1, 1)));
        assertThat(parse("unset 'auto.offset.reset'")).isEqualTo(new Statement.UnsetProperty("auto.offset.reset",
                "unset 'auto.offset.reset'", new Position(1, 1)));
    }

    @Test
    void shouldParseTheIssuesSessionFlow() {
        List<Statement> statements = SqlParser.parse("""
                SET 'auto.offset.reset'='earliest';
                SHOW STREAMS; SHOW TABLES; SHOW QUERIES;
                DESCRIBE readings;
                PRINT readings FROM BEGINNING LIMIT 3;
                TERMINATE CSAS_HOT_1;
                DROP STREAM hot DELETE TOPIC;
                """);

        assertThat(statements).extracting(Statement::text).containsExactly("SET 'auto.offset.reset'='earliest'",
                "SHOW STREAMS", "SHOW TABLES", "SHOW QUERIES", "DESCRIBE readings",
                "PRINT readings FROM BEGINNING LIMIT 3", "TERMINATE CSAS_HOT_1", "DROP STREAM hot DELETE TOPIC");
        assertThat(statements).extracting(Statement::position).containsExactly(new Position(1, 1),
                new Position(2, 1), new Position(2, 15), new Position(2, 28), new Position(3, 1), new Position(4, 1),
                new Position(5, 1), new Position(6, 1));
    }
}
