package io.freshet.sql.function;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.expr.TypeRules;
import io.freshet.sql.schema.SqlType;
import java.util.Collections;
import java.util.List;

/**
 * A function whose arguments all share one type, which is also its result (COALESCE, IFNULL, NULLIF, GREATEST,
 * LEAST): the arguments are widened to their common type. The body sees nulls.
 */
final class CommonTypeFunction implements ScalarFunction {

    private final String name;
    private final int minArgs;
    private final int maxArgs;
    private final boolean orderedOnly;
    private final Body body;

    /** @param orderedOnly true when the values must be comparable: numbers or strings */
    CommonTypeFunction(String name, int minArgs, int maxArgs, boolean orderedOnly, Body body) {
        this.name = name;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.orderedOnly = orderedOnly;
        this.body = body;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Implementation resolve(List<SqlType> argTypes, Position position) {
        if (argTypes.size() < minArgs || argTypes.size() > maxArgs) {
            String wanted = minArgs == maxArgs ? String.valueOf(minArgs)
                    : maxArgs == Integer.MAX_VALUE ? "at least " + minArgs : minArgs + " to " + maxArgs;
            throw new SqlException(position, name + " takes " + wanted + " arguments, got " + argTypes.size());
        }
        SqlType type = null;
        for (SqlType t : argTypes) {
            SqlType next = TypeRules.common(type, t);
            if (next == null && t != null) {
                throw Overloads.mismatch(name, argTypes, List.of(name + "(arguments of one type)"), position);
            }
            type = next;
        }
        if (type == null) {
            throw new SqlException(position, name + " of only NULLs: cast one of them to a type");
        }
        if (orderedOnly && type == SqlType.BOOLEAN) {
            throw new SqlException(position, name + " takes numbers or strings, got BOOLEAN");
        }
        return new Implementation(type, Collections.nCopies(argTypes.size(), type), false, body);
    }
}
