package io.freshet.sql.expr;

import static io.freshet.sql.ast.Expression.ArithmeticOp.ADD;
import static io.freshet.sql.ast.Expression.ArithmeticOp.DIVIDE;
import static io.freshet.sql.ast.Expression.ArithmeticOp.MODULUS;
import static io.freshet.sql.ast.Expression.ArithmeticOp.MULTIPLY;
import static io.freshet.sql.ast.Expression.ArithmeticOp.SUBTRACT;
import static io.freshet.sql.ast.Expression.ComparisonOp.EQUAL;
import static io.freshet.sql.ast.Expression.ComparisonOp.GREATER_THAN;
import static io.freshet.sql.ast.Expression.ComparisonOp.LESS_OR_EQUAL;
import static io.freshet.sql.ast.Expression.ComparisonOp.NOT_EQUAL;
import static io.freshet.sql.expr.Ast.HERE;
import static io.freshet.sql.expr.Ast.and;
import static io.freshet.sql.expr.Ast.arith;
import static io.freshet.sql.expr.Ast.call;
import static io.freshet.sql.expr.Ast.cmp;
import static io.freshet.sql.expr.Ast.col;
import static io.freshet.sql.expr.Ast.eval;
import static io.freshet.sql.expr.Ast.layout;
import static io.freshet.sql.expr.Ast.lit;
import static io.freshet.sql.expr.Ast.not;
import static io.freshet.sql.expr.Ast.or;
import static io.freshet.sql.expr.Ast.searchedCase;
import static io.freshet.sql.expr.Ast.simpleCase;
import static io.freshet.sql.expr.Ast.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpressionCompilerTest {

    private final RowLayout readings = layout("DEVICE", SqlType.STRING, "TEMP", SqlType.DOUBLE, "N", SqlType.INTEGER,
            "TS", SqlType.BIGINT, "OK", SqlType.BOOLEAN);

    private Object eval(Expression e, Object... row) {
        return ExpressionCompiler.compile(e, readings).evaluate(row);
    }

    private SqlType typeOf(Expression e) {
        return ExpressionCompiler.compile(e, readings).type();
    }

    @Test
    void shouldReadColumnsBySlot() {
        assertThat(eval(col("TEMP"), "d1", 81.5, 3, 10L, true)).isEqualTo(81.5);
        assertThat(eval(col("DEVICE"), "d1", 81.5, 3, 10L, true)).isEqualTo("d1");
        assertThat(typeOf(col("TS"))).isEqualTo(SqlType.BIGINT);
    }

    @Test
    void shouldTypeLiteralsWithDecimalsAsDouble() {
        assertThat(eval(lit(new BigDecimal("1.5")))).isEqualTo(1.5);
        assertThat(ExpressionCompiler.compile(lit(new BigDecimal("1.5")), layout()).type()).isEqualTo(SqlType.DOUBLE);
        assertThat(eval(lit("x"))).isEqualTo("x");
        assertThat(eval(lit(7L))).isEqualTo(7L);
    }

    @Test
    void shouldPromoteNumbersIntegerBigintDouble() {
        assertThat(typeOf(arith(ADD, col("N"), col("N")))).isEqualTo(SqlType.INTEGER);
        assertThat(typeOf(arith(ADD, col("N"), col("TS")))).isEqualTo(SqlType.BIGINT);
        assertThat(typeOf(arith(MULTIPLY, col("TS"), col("TEMP")))).isEqualTo(SqlType.DOUBLE);
        assertThat(eval(arith(ADD, col("N"), col("TS")), "d", 1.0, 3, 10L, true)).isEqualTo(13L);
        assertThat(eval(arith(MULTIPLY, col("N"), col("TEMP")), "d", 1.5, 3, 10L, true)).isEqualTo(4.5);
    }

    @Test
    void shouldDivideIntegersAsJavaDoes() {
        assertThat(eval(arith(DIVIDE, lit(7), lit(2)))).isEqualTo(3);
        assertThat(eval(arith(DIVIDE, lit(-7), lit(2)))).isEqualTo(-3);
        assertThat(eval(arith(MODULUS, lit(7L), lit(4)))).isEqualTo(3L);
        assertThat(eval(arith(DIVIDE, lit(7.0), lit(2)))).isEqualTo(3.5);
        assertThat(eval(arith(SUBTRACT, lit(Integer.MIN_VALUE), lit(1)))).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldGiveNullOnDivisionOrModulusByZero() {
        assertThat(eval(arith(DIVIDE, lit(7), lit(0)))).isNull();
        assertThat(eval(arith(MODULUS, lit(7L), lit(0L)))).isNull();
        assertThat(eval(arith(DIVIDE, lit(7.0), lit(0.0)))).isNull();
    }

    @Test
    void shouldPropagateNullThroughArithmetic() {
        assertThat(eval(arith(ADD, col("N"), lit(1)), "d", 1.0, null, 1L, true)).isNull();
        assertThat(eval(arith(ADD, lit(1), lit(null)))).isNull();
        assertThat(eval(new Expression.Negate(col("TEMP"), HERE), "d", 2.5, 1, 1L, true)).isEqualTo(-2.5);
        assertThat(eval(new Expression.Negate(col("TEMP"), HERE), "d", null, 1, 1L, true)).isNull();
    }

    @Test
    void shouldConcatenateStringsWithPlus() {
        assertThat(eval(arith(ADD, col("DEVICE"), lit("-x")), "d1", 1.0, 1, 1L, true)).isEqualTo("d1-x");
    }

    @Test
    void shouldRefuseArithmeticOnStringsAndNumbers() {
        assertThatThrownBy(() -> typeOf(arith(MULTIPLY, col("DEVICE"), lit(2))))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("operator * needs numbers, got STRING and INTEGER")
                .extracting(e -> ((SqlException) e).position()).isEqualTo(HERE);
    }

    @Test
    void shouldCompareNumbersAcrossTypesAndStringsAndBooleans() {
        assertThat(eval(cmp(GREATER_THAN, col("TEMP"), lit(80)), "d", 81.5, 1, 1L, true)).isEqualTo(true);
        assertThat(eval(cmp(EQUAL, lit(3), lit(3.0)))).isEqualTo(true);
        assertThat(eval(cmp(LESS_OR_EQUAL, lit(4L), lit(3)))).isEqualTo(false);
        assertThat(eval(cmp(EQUAL, lit("a"), lit("a")))).isEqualTo(true);
        assertThat(eval(cmp(GREATER_THAN, lit("b"), lit("a")))).isEqualTo(true);
        assertThat(eval(cmp(NOT_EQUAL, lit(true), lit(false)))).isEqualTo(true);
    }

    @Test
    void shouldGiveNullWhenComparingNull() {
        assertThat(eval(cmp(GREATER_THAN, col("TEMP"), lit(80)), "d", null, 1, 1L, true)).isNull();
        assertThat(eval(cmp(EQUAL, lit(null), lit(null)))).isNull();
    }

    @Test
    void shouldRefuseComparingStringWithNumber() {
        assertThatThrownBy(() -> typeOf(cmp(EQUAL, col("DEVICE"), lit(1))))
                .isInstanceOf(SqlException.class).hasMessage("cannot compare STRING with INTEGER (=)");
    }

    @Test
    void shouldApplyThreeValuedLogic() {
        Expression t = lit(true);
        Expression f = lit(false);
        Expression n = ExpressionCompilerTest.nullBoolean();
        assertThat(eval(and(f, n))).isEqualTo(false);
        assertThat(eval(and(n, f))).isEqualTo(false);
        assertThat(eval(and(t, n))).isNull();
        assertThat(eval(and(t, t))).isEqualTo(true);
        assertThat(eval(or(t, n))).isEqualTo(true);
        assertThat(eval(or(n, t))).isEqualTo(true);
        assertThat(eval(or(f, n))).isNull();
        assertThat(eval(or(f, f))).isEqualTo(false);
        assertThat(eval(not(n))).isNull();
        assertThat(eval(not(f))).isEqualTo(true);
    }

    private static Expression nullBoolean() {
        return Ast.cast(lit(null), SqlType.BOOLEAN);
    }

    @Test
    void shouldRefuseLogicOnNonBooleans() {
        assertThatThrownBy(() -> typeOf(and(col("OK"), col("N"))))
                .isInstanceOf(SqlException.class).hasMessage("AND needs BOOLEAN operands, got INTEGER");
    }

    @Test
    void shouldTestIsNull() {
        assertThat(eval(new Expression.IsNull(col("TEMP"), false, HERE), "d", null, 1, 1L, true)).isEqualTo(true);
        assertThat(eval(new Expression.IsNull(col("TEMP"), true, HERE), "d", null, 1, 1L, true)).isEqualTo(false);
        assertThat(eval(new Expression.IsNull(col("TEMP"), true, HERE), "d", 1.0, 1, 1L, true)).isEqualTo(true);
    }

    @Test
    void shouldPickFirstMatchingCaseBranchWithCommonType() {
        Expression c = searchedCase(List.of(
                when(cmp(GREATER_THAN, col("TEMP"), lit(90)), lit("hot")),
                when(cmp(GREATER_THAN, col("TEMP"), lit(80)), lit("warm"))), lit("ok"));
        assertThat(eval(c, "d", 95.0, 1, 1L, true)).isEqualTo("hot");
        assertThat(eval(c, "d", 85.0, 1, 1L, true)).isEqualTo("warm");
        assertThat(eval(c, "d", 20.0, 1, 1L, true)).isEqualTo("ok");
        assertThat(eval(c, "d", null, 1, 1L, true)).isEqualTo("ok");

        Expression numbers = searchedCase(List.of(when(col("OK"), col("N"))), col("TEMP"));
        assertThat(typeOf(numbers)).isEqualTo(SqlType.DOUBLE);
        assertThat(eval(numbers, "d", 2.5, 1, 1L, true)).isEqualTo(1.0);
        assertThat(eval(numbers, "d", 2.5, 1, 1L, false)).isEqualTo(2.5);
    }

    @Test
    void shouldGiveNullFromCaseWithoutElse() {
        Expression c = searchedCase(List.of(when(col("OK"), lit(1))), null);
        assertThat(eval(c, "d", 1.0, 1, 1L, false)).isNull();
        assertThat(typeOf(c)).isEqualTo(SqlType.INTEGER);
    }

    @Test
    void shouldCompareSimpleCaseOperandWithEachWhen() {
        Expression c = simpleCase(col("N"), List.of(when(lit(1), lit("one")), when(lit(2L), lit("two"))),
                lit("many"));
        assertThat(eval(c, "d", 1.0, 2, 1L, true)).isEqualTo("two");
        assertThat(eval(c, "d", 1.0, 7, 1L, true)).isEqualTo("many");
        assertThat(eval(c, "d", 1.0, null, 1L, true)).isEqualTo("many");
    }

    @Test
    void shouldRefuseCaseBranchesOfDifferentFamilies() {
        Expression c = searchedCase(List.of(when(col("OK"), lit(1))), lit("x"));
        assertThatThrownBy(() -> typeOf(c)).isInstanceOf(SqlException.class)
                .hasMessageContaining("CASE results must share a type");
    }

    @Test
    void shouldNameTheAvailableColumnsForAnUnknownOne() {
        Position at = new Position(3, 14);
        assertThatThrownBy(() -> typeOf(new Expression.ColumnRef(Optional.empty(), "TEMPERATURE", at)))
                .isInstanceOf(SqlException.class)
                .hasMessage("unknown column TEMPERATURE; the columns here are: DEVICE, TEMP, N, TS, OK")
                .satisfies(e -> assertThat(((SqlException) e).describe())
                        .startsWith("line 3, column 14: unknown column TEMPERATURE"));
    }

    @Test
    void shouldResolveQualifiedColumnsAndRefuseAmbiguousOnes() {
        RowLayout joined = new RowLayout(List.of(
                new RowLayout.Slot(Optional.of("R"), "ID", SqlType.STRING),
                new RowLayout.Slot(Optional.of("D"), "ID", SqlType.STRING),
                new RowLayout.Slot(Optional.of("D"), "SITE", SqlType.STRING)));
        assertThat(ExpressionCompiler.compile(col("D", "ID"), joined).evaluate(new Object[] {"a", "b", "s"}))
                .isEqualTo("b");
        assertThat(ExpressionCompiler.compile(col("SITE"), joined).evaluate(new Object[] {"a", "b", "s"}))
                .isEqualTo("s");
        assertThatThrownBy(() -> ExpressionCompiler.compile(col("ID"), joined))
                .isInstanceOf(SqlException.class)
                .hasMessage("ambiguous column ID: it could be R.ID, D.ID; qualify it with its source");
    }

    @Test
    void shouldRefuseAggregatesUnknownFunctionsAndBareNull() {
        assertThatThrownBy(() -> typeOf(call("SUM", col("TEMP"))))
                .isInstanceOf(SqlException.class).hasMessageStartingWith("aggregate function SUM is not allowed here");
        assertThatThrownBy(() -> typeOf(call("FROBNICATE", col("TEMP"))))
                .isInstanceOf(SqlException.class).hasMessage("unknown function FROBNICATE");
        assertThatThrownBy(() -> typeOf(lit(null)))
                .isInstanceOf(SqlException.class).hasMessageContaining("CAST(NULL AS <type>)");
    }

    @Test
    void shouldRequireBooleanPredicates() {
        assertThat(ExpressionCompiler.compilePredicate(col("OK"), readings, "WHERE").type())
                .isEqualTo(SqlType.BOOLEAN);
        assertThatThrownBy(() -> ExpressionCompiler.compilePredicate(col("TEMP"), readings, "WHERE"))
                .isInstanceOf(SqlException.class).hasMessage("WHERE needs a BOOLEAN condition, got DOUBLE");
    }
}
