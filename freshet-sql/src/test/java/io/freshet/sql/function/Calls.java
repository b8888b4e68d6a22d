package io.freshet.sql.function;

import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Position;
import io.freshet.sql.expr.ExpressionCompiler;
import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.List;

/** Calls a scalar function through the compiler, as a query would: arguments are literals (or typed nulls). */
final class Calls {

    private Calls() {
    }

    /** A typed null argument. */
    static Expression nullOf(SqlType type) {
        return new Expression.Cast(Expression.literal(null), type, Position.UNKNOWN);
    }

    static Expression callExpression(String name, Object... args) {
        List<Expression> exprs = new ArrayList<>();
        for (Object a : args) {
            exprs.add(a instanceof Expression e ? e : Expression.literal(a));
        }
        return new Expression.FunctionCall(name, exprs, false, new Position(1, 8));
    }

    static Object call(String name, Object... args) {
        return ExpressionCompiler.compile(callExpression(name, args), new RowLayout(List.of()))
                .evaluate(new Object[0]);
    }

    static SqlType typeOf(String name, Object... args) {
        return ExpressionCompiler.compile(callExpression(name, args), new RowLayout(List.of())).type();
    }
}
