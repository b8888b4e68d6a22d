package io.freshet.sql.function;

import static io.freshet.sql.schema.SqlType.BIGINT;
import static io.freshet.sql.schema.SqlType.DOUBLE;
import static io.freshet.sql.schema.SqlType.INTEGER;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Math functions, ksqlDB's names and result types: ABS, FLOOR and CEIL keep the argument's type; ROUND(x) rounds
 * a DOUBLE to a BIGINT and ROUND(x, n) keeps the type, halves rounding up (toward positive infinity, as
 * Math.round: ROUND(-2.5) is -2); SQRT, EXP, LN, POWER are DOUBLE (NaN or infinity where Java gives them);
 * SIGN is INTEGER; GREATEST and LEAST skip nulls.
 */
final class MathFunctions {

    private MathFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of(
                Overloads.named("ABS")
                        .strict(a -> Math.abs((Integer) a[0]), INTEGER, INTEGER)
                        .strict(a -> Math.abs((Long) a[0]), BIGINT, BIGINT)
                        .strict(a -> Math.abs((Double) a[0]), DOUBLE, DOUBLE).build(),
                Overloads.named("FLOOR")
                        .strict(a -> a[0], INTEGER, INTEGER)
                        .strict(a -> a[0], BIGINT, BIGINT)
                        .strict(a -> Math.floor((Double) a[0]), DOUBLE, DOUBLE).build(),
                Overloads.named("CEIL")
                        .strict(a -> a[0], INTEGER, INTEGER)
                        .strict(a -> a[0], BIGINT, BIGINT)
                        .strict(a -> Math.ceil((Double) a[0]), DOUBLE, DOUBLE).build(),
                Overloads.named("ROUND")
                        .strict(a -> a[0], INTEGER, INTEGER)
                        .strict(a -> a[0], BIGINT, BIGINT)
                        .strict(a -> Math.round((Double) a[0]), DOUBLE, BIGINT)
                        .strict(a -> roundInt((Integer) a[0], (Integer) a[1]), INTEGER, INTEGER, INTEGER)
                        .strict(a -> roundLong((Long) a[0], (Integer) a[1]), BIGINT, INTEGER, BIGINT)
                        .strict(a -> round((Double) a[0], (Integer) a[1]), DOUBLE, INTEGER, DOUBLE).build(),
                Overloads.named("SQRT").strict(a -> Math.sqrt((Double) a[0]), DOUBLE, DOUBLE).build(),
                Overloads.named("CBRT").strict(a -> Math.cbrt((Double) a[0]), DOUBLE, DOUBLE).build(),
                Overloads.named("EXP").strict(a -> Math.exp((Double) a[0]), DOUBLE, DOUBLE).build(),
                Overloads.named("LN").strict(a -> Math.log((Double) a[0]), DOUBLE, DOUBLE).build(),
                Overloads.named("LOG")
                        .strict(a -> Math.log10((Double) a[0]), DOUBLE, DOUBLE)
                        .strict(a -> Math.log((Double) a[1]) / Math.log((Double) a[0]), DOUBLE, DOUBLE, DOUBLE)
                        .build(),
                Overloads.named("POWER")
                        .strict(a -> Math.pow((Double) a[0], (Double) a[1]), DOUBLE, DOUBLE, DOUBLE).build(),
                Overloads.named("SIGN")
                        .strict(a -> Integer.signum((Integer) a[0]), INTEGER, INTEGER)
                        .strict(a -> Long.signum((Long) a[0]), BIGINT, INTEGER)
                        .strict(a -> (int) Math.signum((Double) a[0]), DOUBLE, INTEGER).build(),
                new CommonTypeFunction("GREATEST", 1, Integer.MAX_VALUE, true, a -> extreme(a, 1)),
                new CommonTypeFunction("LEAST", 1, Integer.MAX_VALUE, true, a -> extreme(a, -1)));
    }

    static double round(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        RoundingMode halves = x >= 0 ? RoundingMode.HALF_UP : RoundingMode.HALF_DOWN;
        return BigDecimal.valueOf(x).setScale(digits, halves).doubleValue();
    }

    private static int roundInt(int x, int digits) {
        return (int) roundLong(x, digits);
    }

    private static long roundLong(long x, int digits) {
        if (digits >= 0) {
            return x;
        }
        RoundingMode halves = x >= 0 ? RoundingMode.HALF_UP : RoundingMode.HALF_DOWN;
        return BigDecimal.valueOf(x).setScale(digits, halves).longValue();
    }

    /** The greatest ({@code sign} 1) or least (-1) non-null argument; null when all are null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object extreme(Object[] args, int sign) {
        Object best = null;
        for (Object a : args) {
            if (a != null && (best == null || Integer.signum(((Comparable) a).compareTo(best)) == sign)) {
                best = a;
            }
        }
        return best;
    }
}
