package io.freshet.sql.expr;

import java.util.function.BinaryOperator;

/** One step of a compiled expression: computes a value from a row. Built once per query, called once per row. */
@FunctionalInterface
public interface Evaluator {

    Object apply(Object[] row);

    /**
     * SQL's rule for most binary operators (arithmetic, comparison): a null operand makes the result null, so
     * {@code operation} sees only non-null values. The right side is not evaluated when the left is null.
     */
    static Evaluator nullPropagating(Evaluator l, Evaluator r, BinaryOperator<Object> operation) {
        return row -> {
            Object a = l.apply(row);
            if (a == null) {
                return null;
            }
            Object b = r.apply(row);
            return b == null ? null : operation.apply(a, b);
        };
    }
}
