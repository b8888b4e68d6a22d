package io.freshet.sql.function;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The function catalogue: scalar functions (used by the expression compiler) and aggregates (used by the
 * planner). Names are upper case. Immutable after class initialisation, so any thread may read it.
 */
public final class Functions {

    private static final Map<String, ScalarFunction> SCALARS = new LinkedHashMap<>();

    static {
        for (List<ScalarFunction> group : List.of(StringFunctions.all(), PatternFunctions.all(),
                MathFunctions.all(), NullFunctions.all(), JsonFunctions.all(), TimeFunctions.all())) {
            for (ScalarFunction f : group) {
                SCALARS.put(f.name(), f);
            }
        }
    }

    private Functions() {
    }

    public static boolean isAggregate(String name) {
        return Aggregates.contains(name);
    }

    /** @param star true for COUNT(*) */
    public static AggregateFunction aggregate(String name, List<SqlType> argTypes, boolean star, Position position) {
        return Aggregates.create(name, argTypes, star, position);
    }

    /** @throws SqlException when there is no scalar function of that name (an aggregate is not one) */
    public static ScalarFunction scalar(String name, Position position) {
        ScalarFunction f = SCALARS.get(name);
        if (f == null) {
            throw unknown(name, position);
        }
        return f;
    }

    /** Names of every function, scalar and aggregate, for SHOW FUNCTIONS and error messages. */
    public static List<String> names() {
        List<String> all = new ArrayList<>(SCALARS.keySet());
        all.addAll(Aggregates.names());
        all.sort(null);
        return all;
    }

    static SqlException unknown(String name, Position position) {
        return new SqlException(position, "unknown function " + name);
    }
}
