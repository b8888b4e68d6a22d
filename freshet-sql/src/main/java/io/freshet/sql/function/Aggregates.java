package io.freshet.sql.function;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aggregate functions by name, each checking its arguments and picking the accumulator for their type. */
final class Aggregates {

    private interface Factory {
        AggregateFunction create(String name, List<SqlType> args, boolean star, Position position);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("COUNT", (name, args, star, pos) -> {
            if (star) {
                return new CountAggregate(true);
            }
            oneArgument(name, args, pos);
            return new CountAggregate(false);
        });
        FACTORIES.put("SUM", (name, args, star, pos) -> new SumAggregate(number(name, args, star, pos)));
        FACTORIES.put("AVG", (name, args, star, pos) -> {
            number(name, args, star, pos);
            return new AvgAggregate();
        });
        FACTORIES.put("MIN", (name, args, star, pos) -> new MinMaxAggregate(comparable(name, args, star, pos), false));
        FACTORIES.put("MAX", (name, args, star, pos) -> new MinMaxAggregate(comparable(name, args, star, pos), true));
        FACTORIES.put("COUNT_DISTINCT", (name, args, star, pos) ->
                new CountDistinctAggregate(any(name, args, star, pos)));
        FACTORIES.put("LATEST_BY_OFFSET", (name, args, star, pos) -> new ByOffsetAggregate(any(name, args, star, pos),
                true));
        FACTORIES.put("EARLIEST_BY_OFFSET", (name, args, star, pos) -> new ByOffsetAggregate(any(name, args, star,
                pos), false));
    }

    private Aggregates() {
    }

    static boolean contains(String name) {
        return FACTORIES.containsKey(name);
    }

    static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    static AggregateFunction create(String name, List<SqlType> args, boolean star, Position position) {
        Factory f = FACTORIES.get(name);
        if (f == null) {
            throw Functions.unknown(name, position);
        }
        return f.create(name, args, star, position);
    }

    private static SqlType oneArgument(String name, List<SqlType> args, Position position) {
        if (args.size() != 1) {
            throw new SqlException(position, name + " takes one argument, got " + args.size());
        }
        if (args.get(0) == null) {
            throw new SqlException(position, name + "(NULL): cast the NULL to a type");
        }
        return args.get(0);
    }

    private static SqlType number(String name, List<SqlType> args, boolean star, Position position) {
        refuseStar(name, star, position);
        SqlType t = oneArgument(name, args, position);
        if (!t.isNumeric()) {
            throw new SqlException(position, name + " takes a number (INTEGER, BIGINT or DOUBLE), got "
                    + t.displayName());
        }
        return t;
    }

    private static SqlType comparable(String name, List<SqlType> args, boolean star, Position position) {
        refuseStar(name, star, position);
        SqlType t = oneArgument(name, args, position);
        if (!t.isNumeric() && t != SqlType.STRING) {
            throw new SqlException(position, name + " takes a number or a string, got " + t.displayName());
        }
        return t;
    }

    private static SqlType any(String name, List<SqlType> args, boolean star, Position position) {
        refuseStar(name, star, position);
        return oneArgument(name, args, position);
    }

    static void refuseStar(String name, boolean star, Position position) {
        if (star) {
            throw new SqlException(position, name + "(*) is not allowed; only COUNT(*) is");
        }
    }
}
