package io.freshet.sql.expr;

import static io.freshet.sql.expr.Ast.layout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.parser.SqlParser;
import io.freshet.sql.schema.SqlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expressions as users write them: parsed by {@link SqlParser}, then compiled and evaluated on one reading. */
class ParsedExpressionTest {

    private static final RowLayout READINGS = layout("DEVICE", SqlType.STRING, "TEMP", SqlType.DOUBLE,
            "PAYLOAD", SqlType.STRING, "TS", SqlType.BIGINT);
    private static final Object[] ROW = {"sensor-7", 81.5, "{\"site\":{\"id\":\"s1\"},\"tags\":[\"a\",\"b\"]}",
            1_700_000_000_000L};

    private static CompiledExpression compile(String expression) {
        Statement.Select select = (Statement.Select) SqlParser.parseOne(
                "SELECT " + expression + " FROM readings EMIT CHANGES;");
        Query.SelectItem.Single item = (Query.SelectItem.Single) select.query().select().get(0);
        return ExpressionCompiler.compile(item.expression(), READINGS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "temp > 80 AND device LIKE 'sensor-%' | true",
        "CASE WHEN temp > 90 THEN 'hot' WHEN temp > 80 THEN 'warm' ELSE 'ok' END | warm",
        "(temp - 32) * 5 / 9 | 27.5",
        "7 / 2 + 7 % 2 | 4",
        "ROUND(temp) | 82",
        "ROUND(temp * 1.0 / 3, 2) | 27.17",
        "UCASE(SUBSTRING(device, 1, 6)) + '!' | SENSOR!",
        "EXTRACTJSONFIELD(payload, '$.site.id') | s1",
        "EXTRACTJSONFIELD(payload, '$.tags[1]') | b",
        "JSON_ARRAY_LENGTH(EXTRACTJSONFIELD(payload, '$.tags')) | 2",
        "TIMESTAMPTOSTRING(ts, 'yyyy-MM-dd HH:mm') | 2023-11-14 22:13",
        "CAST(temp AS INT) IN (80, 81, 82) | true",
        "temp BETWEEN 80 AND 81.5 | true",
        "temp / 0 | NULL",
        "COALESCE(CAST(NULL AS DOUBLE), temp) | 81.5",
        "NOT (temp IS NULL) | true",
        "CONCAT(device, '@', CAST(ts AS STRING)) | sensor-7@1700000000000",
        "-temp | -81.5"})
    void shouldEvaluateParsedExpressions(String expression, String expected) {
        Object value = compile(expression).evaluate(ROW);
        assertThat(value == null ? null : String.valueOf(value)).isEqualTo(expected);
    }

    @Test
    void shouldTypeParsedDecimalsAsDoubleAndBigIntegersAsBigint() {
        assertThat(compile("1.5").type()).isEqualTo(SqlType.DOUBLE);
        assertThat(compile("5000000000").type()).isEqualTo(SqlType.BIGINT);
        assertThat(compile("ts + 1").type()).isEqualTo(SqlType.BIGINT);
    }

    @Test
    void shouldPointAtTheUnknownColumnInTheStatement() {
        assertThatThrownBy(() -> compile("temp + tmep"))
                .isInstanceOf(SqlException.class)
                .satisfies(e -> assertThat(((SqlException) e).describe()).isEqualTo(
                        "line 1, column 15: unknown column TMEP; the columns here are: DEVICE, TEMP, PAYLOAD, TS"));
    }

    @Test
    void shouldPointAtTheCallWithWrongArguments() {
        assertThatThrownBy(() -> compile("device = LEN(temp)"))
                .isInstanceOf(SqlException.class)
                .satisfies(e -> assertThat(((SqlException) e).describe())
                        .isEqualTo("line 1, column 17: no function LEN(DOUBLE); there is LEN(STRING)"));
    }
}
