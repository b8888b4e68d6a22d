package io.freshet.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Statement;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionParserTest {

    /** The expression of {@code SELECT <text> FROM s}. */
    private static Expression expression(String text) {
        Statement.Select select = (Statement.Select) SqlParser.parseOne("SELECT " + text + " FROM s");
        return ((Query.SelectItem.Single) select.query().select().get(0)).expression();
    }

    private static String grouped(String text) {
        return Parenthesized.of(expression(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a OR b AND c                 | (A OR (B AND C))",
        "a AND b OR c AND d           | ((A AND B) OR (C AND D))",
        "NOT a AND b                  | ((NOT A) AND B)",
        "NOT a = 1                    | (NOT (A EQUAL 1:Integer))",
        "a + 1 > b AND c              | (((A ADD 1:Integer) GREATER_THAN B) AND C)",
        "a + b * c - d                | ((A ADD (B MULTIPLY C)) SUBTRACT D)",
        "a - b - c                    | ((A SUBTRACT B) SUBTRACT C)",
        "a / b % c * d                | (((A DIVIDE B) MODULUS C) MULTIPLY D)",
        "(a + b) * c                  | ((A ADD B) MULTIPLY C)",
        "-a * b                       | ((-A) MULTIPLY B)",
        "- -a                         | (-(-A))",
        "+a                           | A",
        "a <> b                       | (A NOT_EQUAL B)",
        "a != b                       | (A NOT_EQUAL B)",
        "a <= b                       | (A LESS_OR_EQUAL B)",
        "a >= b                       | (A GREATER_OR_EQUAL B)",
        "a < b                        | (A LESS_THAN B)",
        "a IS NULL OR b IS NOT NULL   | ((A IS NULL) OR (B IS NOT NULL))",
        "a BETWEEN 1 AND 2 AND b      | ((A BETWEEN 1:Integer AND 2:Integer) AND B)",
        "a NOT BETWEEN b - 1 AND b + 1 | (A NOT BETWEEN (B SUBTRACT 1:Integer) AND (B ADD 1:Integer))",
        "name LIKE 'a%' AND name NOT LIKE '%z' | ((NAME LIKE 'a%') AND (NAME NOT LIKE '%z'))",
        "site IN ('a', 'b') OR site NOT IN (1 + 1) | ((SITE IN ['a', 'b']) OR (SITE NOT IN [(1:Integer ADD 1:Integer)]))",
        "NOT a IS NULL                | (NOT (A IS NULL))",
    })
    void shouldGroupByPrecedence(String text, String expected) {
        assertThat(grouped(text)).isEqualTo(expected);
    }

    @Test
    void shouldTypeLiterals() {
        assertThat(((Expression.Literal) expression("42")).value()).isEqualTo(42);
        assertThat(((Expression.Literal) expression("2147483648")).value()).isEqualTo(2_147_483_648L);
        assertThat(((Expression.Literal) expression("-2147483648")).value()).isEqualTo(Integer.MIN_VALUE);
        assertThat(((Expression.Literal) expression("-9223372036854775808")).value()).isEqualTo(Long.MIN_VALUE);
        assertThat(((Expression.Literal) expression("1.50")).value()).isEqualTo(new BigDecimal("1.50"));
        assertThat(((Expression.Literal) expression("-0.5")).value()).isEqualTo(new BigDecimal("-0.5"));
        assertThat(((Expression.Literal) expression(".5")).value()).isEqualTo(new BigDecimal("0.5"));
        assertThat(((Expression.Literal) expression("1e3")).value()).isEqualTo(1000.0);
        assertThat(((Expression.Literal) expression("2.5E-1")).value()).isEqualTo(0.25);
        assertThat(((Expression.Literal) expression("'it''s'")).value()).isEqualTo("it's");
        assertThat(((Expression.Literal) expression("''")).value()).isEqualTo("");
        assertThat(((Expression.Literal) expression("TRUE")).value()).isEqualTo(true);
        assertThat(((Expression.Literal) expression("false")).value()).isEqualTo(false);
        assertThat(((Expression.Literal) expression("null")).value()).isNull();
    }

    @Test
    void shouldParseColumnReferencesWithQualifiersAndPseudoColumns() {
        assertThat(expression("r.temp")).isEqualTo(new Expression.ColumnRef(java.util.Optional.of("R"), "TEMP",
                new Position(1, 8)));
        assertThat(grouped("`r`.`Temp`")).isEqualTo("r.Temp");
        assertThat(grouped("rowtime")).isEqualTo("ROWTIME");
        assertThat(grouped("windowstart - WindowEnd")).isEqualTo("(WINDOWSTART SUBTRACT WINDOWEND)");
        assertThat(grouped("`select`")).isEqualTo("select");
    }

    @Test
    void shouldParseFunctionCallsWithUpperCaseNames() {
        assertThat(expression("count(*)")).isEqualTo(new Expression.FunctionCall("COUNT", java.util.List.of(),
                true, new Position(1, 8)));
        assertThat(grouped("substring(name, 1, len(x) - 1)"))
                .isEqualTo("SUBSTRING(NAME, 1:Integer, (LEN(X) SUBTRACT 1:Integer))");
        assertThat(grouped("UNIX_TIMESTAMP()")).isEqualTo("UNIX_TIMESTAMP()");
        assertThat(grouped("extractjsonfield(payload, '$.a.b')")).isEqualTo("EXTRACTJSONFIELD(PAYLOAD, '$.a.b')");
        assertThat(grouped("`round`(x)")).isEqualTo("ROUND(X)");
    }

    @Test
    void shouldParseSearchedAndSimpleCase() {
        assertThat(grouped("CASE WHEN temp > 80 THEN 'hot' WHEN temp < 0 THEN 'cold' ELSE 'ok' END")).isEqualTo(
                "(CASE WHEN (TEMP GREATER_THAN 80:Integer) THEN 'hot' WHEN (TEMP LESS_THAN 0:Integer) THEN 'cold' ELSE 'ok' END)");
        assertThat(grouped("case level when 1 then 'low' end")).isEqualTo("(CASE LEVEL WHEN 1:Integer THEN 'low' END)");
    }

    @Test
    void shouldParseCastToEachType() {
        assertThat(grouped("CAST(temp AS INT) + CAST('1' AS bigint)"))
                .isEqualTo("(CAST(TEMP AS INTEGER) ADD CAST('1' AS BIGINT))");
        assertThat(grouped("cast(x as varchar)")).isEqualTo("CAST(X AS STRING)");
        assertThat(grouped("cast(x as double)")).isEqualTo("CAST(X AS DOUBLE)");
        assertThat(grouped("cast(x as boolean)")).isEqualTo("CAST(X AS BOOLEAN)");
    }

    @Test
    void shouldPositionEachExpressionWhereItsTextStarts() {
        Expression.Logical and = (Expression.Logical) expression("a > 1\n  AND NOT  b");
        assertThat(and.position()).isEqualTo(new Position(1, 8));
        assertThat(and.right().position()).isEqualTo(new Position(2, 7));
        assertThat(((Expression.Not) and.right()).operand().position()).isEqualTo(new Position(2, 12));
    }

    @Test
    void shouldIgnoreCommentsInsideExpressions() {
        assertThat(grouped("a /* first */ + -- second\n b")).isEqualTo("(A ADD B)");
    }
}
