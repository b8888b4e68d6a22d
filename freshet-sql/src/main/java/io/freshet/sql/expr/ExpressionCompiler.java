package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;

/**
 * Type-checks an expression against a layout and turns it into a {@link CompiledExpression} (a tree of small
 * evaluators, built once per query). Numeric promotion as ksqlDB: INTEGER < BIGINT < DOUBLE; comparisons between a
 * number and a string, or a non-boolean WHERE, are errors.
 */
public final class ExpressionCompiler {

    private ExpressionCompiler() {
    }

    /**
     * @throws SqlException positioned at the offending sub-expression: unknown column (naming the columns there
     *     are), ambiguous column, unknown function, wrong argument count or types, an aggregate function (those
     *     are the planner's: see {@code io.freshet.sql.function.Functions#isAggregate}).
     */
    public static CompiledExpression compile(Expression expression, RowLayout layout) {
        throw new UnsupportedOperationException("expressions: helper 'sql-expr' implements this");
    }
}
