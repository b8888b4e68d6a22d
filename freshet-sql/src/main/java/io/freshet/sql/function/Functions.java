package io.freshet.sql.function;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.List;

/**
 * The function catalogue: scalar functions (used by the expression compiler) and aggregates (used by the
 * planner). Names are upper case.
 */
public final class Functions {

    private Functions() {
    }

    public static boolean isAggregate(String name) {
        throw new UnsupportedOperationException("functions: helper 'sql-expr' implements this");
    }

    /** @param star true for COUNT(*) */
    public static AggregateFunction aggregate(String name, List<SqlType> argTypes, boolean star, Position position) {
        throw new UnsupportedOperationException("functions: helper 'sql-expr' implements this");
    }

    /** Names of every function, scalar and aggregate, for SHOW FUNCTIONS and error messages. */
    public static List<String> names() {
        throw new UnsupportedOperationException("functions: helper 'sql-expr' implements this");
    }

    static SqlException unknown(String name, Position position) {
        return new SqlException(position, "unknown function " + name);
    }
}
