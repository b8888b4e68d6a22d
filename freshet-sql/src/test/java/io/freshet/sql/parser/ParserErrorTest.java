package io.freshet.sql.parser;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Typical mistakes: each error is positioned at the offending token and says what was found and expected. */
class ParserErrorTest {

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("CREATE STREAM readings (device VARCHAR KEY temp DOUBLE) WITH (KAFKA_TOPIC='r');",
                        1, 44, "expected ',' or ')' but found 'temp'"),
                mistake("CREATE STRAEM readings (device VARCHAR KEY) WITH (KAFKA_TOPIC='r');",
                        1, 8, "expected one of STREAM, TABLE, OR REPLACE but found 'STRAEM' (did you mean STREAM?)"),
                mistake("CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='r);",
                        1, 43, "unterminated string literal: a ' is missing"),
                mistake("SELECT * FROM", 1, 14, "unexpected end of input; expected a stream or table name"),
                mistake("SELECT a b c FROM s", 1, 12, "expected ',' or FROM but found 'c'"),
                mistake("SELECT a, FROM s", 1, 11, "expected an expression but found 'FROM'"),
                mistake("SELCT * FROM s", 1, 1, "expected one of CREATE, INSERT, SELECT, SHOW, LIST, DESCRIBE, "
                        + "TERMINATE, DROP, PRINT, SET, UNSET but found 'SELCT' (did you mean SELECT?)"),
                mistake("CREATE STREAM s (a FLOAT) WITH (KAFKA_TOPIC='r');", 1, 20,
                        "unsupported type FLOAT; supported: BOOLEAN, INT, INTEGER, BIGINT, DOUBLE, VARCHAR, STRING"),
                mistake("CREATE TABLE s (k INT PRIMARY KEY, a DECIMAL(4, 2)) WITH (KAFKA_TOPIC='r');", 1, 38,
                        "unsupported type DECIMAL; supported: BOOLEAN, INT, INTEGER, BIGINT, DOUBLE, VARCHAR, STRING"),
                mistake("SELECT CAST(a AS ARRAY<INT>) FROM s", 1, 18,
                        "unsupported type ARRAY; supported: BOOLEAN, INT, INTEGER, BIGINT, DOUBLE, VARCHAR, STRING"),
                mistake("CREATE STREAM s (a, b INT) WITH (KAFKA_TOPIC='r');", 1, 19,
                        "expected a type (BOOLEAN, INT, INTEGER, BIGINT, DOUBLE, VARCHAR, STRING) but found ','"),
                mistake("CREATE TABLE t (id VARCHAR KEY) WITH (KAFKA_TOPIC='r');", 1, 28,
                        "a TABLE's key column is declared PRIMARY KEY, not KEY"),
                mistake("CREATE STREAM s (a INT) WITH (KAFKA_TOPIC=readings);", 1, 43, "expected a value (a 'quoted "
                        + "string', a number, TRUE or FALSE) but found 'readings' (write it in single quotes: 'readings')"),
                mistake("CREATE STREAM s WITH (KAFKA_TOPIC='r');", 1, 39,
                        "expected AS SELECT (without a column list, a STREAM is defined by a query) but found ';'"),
                mistake("SELECT * FROM s WINDOW TUMBLING (SIZE 1 MINITE) GROUP BY k", 1, 41, "expected one of "
                        + "MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS but found 'MINITE' (did you mean MINUTES?)"),
                mistake("SELECT * FROM s WHERE a > 1 WINDOW TUMBLING (SIZE 1 MINUTE)", 1, 29, "unexpected 'WINDOW': "
                        + "a query's clauses come in this order, each at most once: SELECT, FROM, WINDOW, WHERE, "
                        + "GROUP BY, PARTITION BY, HAVING, EMIT, LIMIT"),
                mistake("SELECT * FROM s WHERE (a > 1 EMIT CHANGES", 1, 30, "expected ')' but found 'EMIT'"),
                mistake("SELECT * FROM s EMIT", 1, 21, "unexpected end of input; expected one of CHANGES, FINAL"),
                mistake("SELECT * FROM s WHERE a # 1", 1, 25, "unexpected character '#'"),
                mistake("SELECT * FROM a RIGHT JOIN b ON a.k = b.k", 1, 17,
                        "RIGHT JOIN is not supported; supported: [INNER] JOIN, LEFT [OUTER] JOIN"),
                mistake("SELECT * FROM a JOIN b ON a.k = b.k WITHIN 1 HOUR GRACE PERIOD 1 MINUTE", 1, 51,
                        "GRACE PERIOD on a join's WITHIN is not supported"),
                mistake("SELECT CASE WHEN a THEN 1 FROM s", 1, 27, "expected one of WHEN, ELSE, END but found 'FROM'"),
                mistake("SELECT * FROM s /* never closed", 1, 17, "unterminated comment: a */ is missing"),
                mistake("SELECT `abc FROM s", 1, 8, "unterminated quoted identifier: a ` is missing"),
                mistake("CREATE STREAM s (end BIGINT) WITH (KAFKA_TOPIC='r');", 1, 18,
                        "expected a column name but found 'end', a reserved word (write `end` to use it as a name)"),
                mistake("SET auto.offset.reset='earliest'", 1, 5,
                        "expected a property name in single quotes, e.g. 'auto.offset.reset' but found 'auto'"),
                mistake("INSERT INTO s VALUES (1, 2)", 1, 15, "INSERT INTO ... VALUES is not supported; expected SELECT"),
                mistake("CREATE STREAM s (a INT, A INT) WITH (KAFKA_TOPIC='r');", 1, 25, "column A is declared twice"),
                mistake("SELECT * FROM s WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 2 MINUTES) GROUP BY k", 1, 59,
                        "ADVANCE BY 2 MINUTES is longer than the window SIZE 1 MINUTE; it can be at most the size"),
                mistake("SELECT 99999999999999999999 FROM s", 1, 8, "integer 99999999999999999999 is out of range "
                        + "for BIGINT; write it as a decimal (99999999999999999999.0) if that is meant"),
                mistake("CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='r')\nSHOW STREAMS", 2, 1, "expected ';' but "
                        + "found 'SHOW': is the ';' at the end of the statement before it missing?"),
                mistake("SHOW STREAMS foo", 1, 14, "expected ';' but found 'foo'"));
    }

    private static Arguments mistake(String text, int line, int column, String message) {
        return Arguments.of(text, new Position(line, column), message);
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void shouldPointAtTheMistakeAndSayWhatWasExpected(String text, Position position, String message) {
        assertThatThrownBy(() -> SqlParser.parse(text))
                .isInstanceOfSatisfying(SqlException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(message);
                    org.assertj.core.api.Assertions.assertThat(e.position()).isEqualTo(position);
                });
    }

    @Test
    void shouldCountLinesAndColumnsAcrossCommentsAndStatements() {
        String text = """
                CREATE STREAM readings (device VARCHAR KEY, temp DOUBLE)
                  WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON');
                /* the alert
                   query */ CREATE STREAM hot AS SELECT device, temp
                FROM readings WHERE temp >> 80 EMIT CHANGES;
                """;

        assertThatThrownBy(() -> SqlParser.parse(text)).isInstanceOfSatisfying(SqlException.class, e ->
                org.assertj.core.api.Assertions.assertThat(e.describe())
                        .isEqualTo("line 5, column 27: expected an expression but found '>'"));
    }

    @Test
    void shouldRejectAColumnListOnCreateAsSelect() {
        assertThatThrownBy(() -> SqlParser.parse("CREATE STREAM s (a INT) AS SELECT * FROM x"))
                .isInstanceOf(SqlException.class)
                .hasMessage("CREATE STREAM ... AS SELECT takes its columns from the query; remove the column list");
    }
}
