package io.freshet.sql.expr;

import static io.freshet.sql.expr.Ast.HERE;
import static io.freshet.sql.expr.Ast.cast;
import static io.freshet.sql.expr.Ast.col;
import static io.freshet.sql.expr.Ast.eval;
import static io.freshet.sql.expr.Ast.layout;
import static io.freshet.sql.expr.Ast.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;
import io.freshet.sql.schema.SqlType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LIKE, IN, BETWEEN and CAST. */
class PredicateAndCastTest {

    private static Object like(String value, String pattern) {
        return eval(new Expression.Like(value == null ? cast(lit(null), SqlType.STRING) : lit(value), lit(pattern),
                false, HERE));
    }

    @ParameterizedTest
    @CsvSource({
        "sensor-1, sensor%, true", "sensor-1, %-1, true", "sensor-1, %ns%, true", "sensor-1, sensor_1, true",
        "sensor-1, sensor_, false", "sensor-1, Sensor%, false", "'', %, true", "'', _, false", "abc, a%c, true",
        "abbbc, a%b%c, true", "ab, a%b%c, false", "a%b, a%%b, true", "aXbXc, a%Xc, true", "abc, abc, true",
        "abcd, abc, false"})
    void shouldMatchLikePatterns(String value, String pattern, boolean expected) {
        assertThat(like(value, pattern)).isEqualTo(expected);
    }

    @Test
    void shouldMatchLikeAsTheEquivalentRegularExpressionDoes() {
        java.util.Random random = new java.util.Random(13);
        String alphabet = "ab%_";
        for (int i = 0; i < 5000; i++) {
            String pattern = randomString(random, alphabet, 6);
            String value = randomString(random, "ab%_", 8);
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '%' ? ".*" : c == '_' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
            }
            assertThat(new LikePattern(pattern).matches(value)).as("'%s' LIKE '%s'", value, pattern)
                    .isEqualTo(value.matches(regex.toString()));
        }
    }

    private static String randomString(java.util.Random random, String alphabet, int maxLength) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void shouldGiveNullForLikeOnNullAndNegateNotLike() {
        assertThat(like(null, "%")).isNull();
        assertThat(eval(new Expression.Like(lit("abc"), lit("a%"), true, HERE))).isEqualTo(false);
        RowLayout l = layout("S", SqlType.STRING, "P", SqlType.STRING);
        CompiledExpression dynamic = ExpressionCompiler.compile(new Expression.Like(col("S"), col("P"), false, HERE),
                l);
        assertThat(dynamic.evaluate(new Object[] {"abc", "_b_"})).isEqualTo(true);
        assertThat(dynamic.evaluate(new Object[] {"abc", null})).isNull();
        assertThatThrownBy(() -> eval(new Expression.Like(lit(1), lit("1"), false, HERE)))
                .isInstanceOf(SqlException.class).hasMessage("LIKE needs strings, got INTEGER");
    }

    private static Expression in(Expression value, boolean negated, Expression... items) {
        return new Expression.InList(value, Arrays.asList(items), negated, HERE);
    }

    @Test
    void shouldTestInListsWithSqlNullRules() {
        assertThat(eval(in(lit(2), false, lit(1), lit(2L), lit(3.0)))).isEqualTo(true);
        assertThat(eval(in(lit(3), false, lit(1), lit(2L), lit(3.0)))).isEqualTo(true);
        assertThat(eval(in(lit(4), false, lit(1), lit(2)))).isEqualTo(false);
        assertThat(eval(in(lit(4), false, lit(1), lit(null)))).isNull();
        assertThat(eval(in(lit(1), false, lit(1), lit(null)))).isEqualTo(true);
        assertThat(eval(in(cast(lit(null), SqlType.INTEGER), false, lit(1)))).isNull();
        assertThat(eval(in(lit("b"), true, lit("a"), lit("c")))).isEqualTo(true);
        RowLayout l = layout("A", SqlType.INTEGER, "B", SqlType.BIGINT);
        CompiledExpression dynamic = ExpressionCompiler.compile(in(col("A"), false, col("B"), lit(7)), l);
        assertThat(dynamic.evaluate(new Object[] {5, 5L})).isEqualTo(true);
        assertThat(dynamic.evaluate(new Object[] {5, null})).isNull();
        assertThat(dynamic.evaluate(new Object[] {7, null})).isEqualTo(true);
        assertThat(dynamic.evaluate(new Object[] {6, 5L})).isEqualTo(false);
        assertThatThrownBy(() -> eval(in(lit("a"), false, lit(1)))).isInstanceOf(SqlException.class)
                .hasMessage("cannot compare STRING with INTEGER (IN)");
    }

    private static Expression between(Expression v, Expression lo, Expression hi, boolean negated) {
        return new Expression.Between(v, lo, hi, negated, HERE);
    }

    @Test
    void shouldTestBetweenInclusively() {
        assertThat(eval(between(lit(5), lit(1), lit(5L), false))).isEqualTo(true);
        assertThat(eval(between(lit(0.5), lit(1), lit(5), false))).isEqualTo(false);
        assertThat(eval(between(lit(0.5), lit(1), lit(5), true))).isEqualTo(true);
        assertThat(eval(between(lit("b"), lit("a"), lit("c"), false))).isEqualTo(true);
        assertThat(eval(between(lit(9), lit(null), lit(5), false))).isEqualTo(false);
        assertThat(eval(between(lit(3), lit(null), lit(5), false))).isNull();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "' 42 ', INTEGER, 42", "abc, INTEGER, NULL", "5000000000, BIGINT, 5000000000", "2.5, DOUBLE, 2.5",
        "x, DOUBLE, NULL", "TRUE, BOOLEAN, true", "yes, BOOLEAN, NULL", "text, STRING, text"})
    void shouldCastStringsAndGiveNullWhenTheyDoNotParse(String value, SqlType to, String expected) {
        Object result = eval(cast(lit(value), to));
        assertThat(result == null ? null : String.valueOf(result)).isEqualTo(expected);
        if (result != null) {
            assertThat(result).isInstanceOf(to.javaType());
        }
    }

    @Test
    void shouldCastBetweenNumbersBooleansAndStrings() {
        assertThat(eval(cast(lit(2.9), SqlType.INTEGER))).isEqualTo(2);
        assertThat(eval(cast(lit(-2.9), SqlType.BIGINT))).isEqualTo(-2L);
        assertThat(eval(cast(lit(3), SqlType.DOUBLE))).isEqualTo(3.0);
        assertThat(eval(cast(lit(81.5), SqlType.STRING))).isEqualTo("81.5");
        assertThat(eval(cast(lit(7L), SqlType.STRING))).isEqualTo("7");
        assertThat(eval(cast(lit(true), SqlType.STRING))).isEqualTo("true");
        assertThat(eval(cast(lit(true), SqlType.INTEGER))).isEqualTo(1);
        assertThat(eval(cast(lit(0), SqlType.BOOLEAN))).isEqualTo(false);
        assertThat(eval(cast(lit(0.5), SqlType.BOOLEAN))).isEqualTo(true);
        assertThat(eval(cast(cast(lit(null), SqlType.DOUBLE), SqlType.STRING))).isNull();
        assertThat(ExpressionCompiler.compile(cast(lit(null), SqlType.BIGINT), layout()).type())
                .isEqualTo(SqlType.BIGINT);
    }
}
