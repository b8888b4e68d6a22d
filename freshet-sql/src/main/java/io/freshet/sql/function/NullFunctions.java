package io.freshet.sql.function;

import java.util.List;

/** COALESCE, IFNULL and NULLIF over arguments of one type (numbers widen to the widest). */
final class NullFunctions {

    private NullFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of(
                new CommonTypeFunction("COALESCE", 1, Integer.MAX_VALUE, false, NullFunctions::coalesce),
                new CommonTypeFunction("IFNULL", 2, 2, false, a -> a[0] != null ? a[0] : a[1]),
                new CommonTypeFunction("NULLIF", 2, 2, false, a -> a[0] != null && a[0].equals(a[1]) ? null : a[0]));
    }

    private static Object coalesce(Object[] args) {
        for (Object a : args) {
            if (a != null) {
                return a;
            }
        }
        return null;
    }
}
