package io.freshet.sql.function;

import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.List;

/**
 * A scalar function of the catalogue. Resolution happens once, when a query is compiled: the function picks the
 * implementation that fits the argument types, and the compiler widens each argument to the parameter type the
 * implementation asks for before calling it.
 */
public interface ScalarFunction {

    String name();

    /**
     * @param argTypes one per argument; null for an untyped NULL literal
     * @throws io.freshet.sql.SqlException when no implementation fits, naming the signatures there are
     */
    Implementation resolve(List<SqlType> argTypes, Position position);

    /** What the function computes from arguments already converted to {@code parameterTypes}. */
    @FunctionalInterface
    interface Body {
        Object apply(Object[] args);
    }

    /**
     * One resolved implementation. {@code parameterTypes} has one entry per argument. When {@code nullIn
     * NullOut} is true the body only sees non-null arguments: a null argument makes the result null without a
     * call (most functions); otherwise the body handles nulls itself (COALESCE, CONCAT).
     */
    record Implementation(SqlType returnType, List<SqlType> parameterTypes, boolean nullInNullOut, Body body) {
    }
}
