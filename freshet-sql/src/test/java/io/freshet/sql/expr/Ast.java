package io.freshet.sql.expr;

import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Expression.ArithmeticOp;
import io.freshet.sql.ast.Expression.ComparisonOp;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds expressions by hand, so these tests do not depend on the parser. Positions say which node is which. */
final class Ast {

    static final Position HERE = new Position(1, 8);

    private Ast() {
    }

    static Expression lit(Object v) {
        return Expression.literal(v);
    }

    static Expression col(String name) {
        return new Expression.ColumnRef(Optional.empty(), name, HERE);
    }

    static Expression col(String qualifier, String name) {
        return new Expression.ColumnRef(Optional.of(qualifier), name, HERE);
    }

    static Expression arith(ArithmeticOp op, Expression l, Expression r) {
        return new Expression.Arithmetic(op, l, r, HERE);
    }

    static Expression cmp(ComparisonOp op, Expression l, Expression r) {
        return new Expression.Comparison(op, l, r, HERE);
    }

    static Expression and(Expression l, Expression r) {
        return new Expression.Logical(Expression.LogicalOp.AND, l, r, HERE);
    }

    static Expression or(Expression l, Expression r) {
        return new Expression.Logical(Expression.LogicalOp.OR, l, r, HERE);
    }

    static Expression not(Expression e) {
        return new Expression.Not(e, HERE);
    }

    static Expression call(String name, Expression... args) {
        return new Expression.FunctionCall(name, Arrays.asList(args), false, HERE);
    }

    static Expression cast(Expression e, SqlType type) {
        return new Expression.Cast(e, type, HERE);
    }

    static Expression.WhenClause when(Expression condition, Expression result) {
        return new Expression.WhenClause(condition, result);
    }

    static Expression searchedCase(List<Expression.WhenClause> whens, Expression otherwise) {
        return new Expression.Case(Optional.empty(), whens, Optional.ofNullable(otherwise), HERE);
    }

    static Expression simpleCase(Expression operand, List<Expression.WhenClause> whens, Expression otherwise) {
        return new Expression.Case(Optional.of(operand), whens, Optional.ofNullable(otherwise), HERE);
    }

    /** A layout of unqualified columns: name, type, name, type, ... */
    static RowLayout layout(Object... nameTypePairs) {
        RowLayout.Slot[] slots = new RowLayout.Slot[nameTypePairs.length / 2];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new RowLayout.Slot(Optional.empty(), (String) nameTypePairs[2 * i],
                    (SqlType) nameTypePairs[2 * i + 1]);
        }
        return new RowLayout(List.of(slots));
    }

    /** Evaluates an expression over no columns. */
    static Object eval(Expression e) {
        return ExpressionCompiler.compile(e, layout()).evaluate(new Object[0]);
    }
}
