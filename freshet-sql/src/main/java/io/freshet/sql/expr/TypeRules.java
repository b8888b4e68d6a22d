package io.freshet.sql.expr;

import io.freshet.sql.schema.SqlType;

/**
 * ksqlDB's implicit conversions: numbers widen INTEGER < BIGINT < DOUBLE and nothing else converts without a CAST.
 * A null type (an untyped NULL literal) fits anything.
 */
public final class TypeRules {

    private TypeRules() {
    }

    /** The type both fit in, or null when they do not share one (a number and a string). */
    public static SqlType common(SqlType a, SqlType b) {
        if (a == null) {
            return b;
        }
        if (b == null || a == b) {
            return a;
        }
        if (a.isNumeric() && b.isNumeric()) {
            return a.ordinal() > b.ordinal() ? a : b;
        }
        return null;
    }

    /** Whether a value of type {@code from} may be passed where {@code to} is expected without a CAST. */
    public static boolean widens(SqlType from, SqlType to) {
        return from == null || from == to || (from.isNumeric() && to.isNumeric() && from.ordinal() < to.ordinal());
    }

    /** Wraps an evaluator so its (non-null) number comes out as {@code to}; identity when the types match. */
    public static Evaluator widen(Evaluator e, SqlType from, SqlType to) {
        if (from == null || from == to) {
            return e;
        }
        return switch (to) {
            case BIGINT -> row -> {
                Object v = e.apply(row);
                return v == null ? null : ((Number) v).longValue();
            };
            case DOUBLE -> row -> {
                Object v = e.apply(row);
                return v == null ? null : ((Number) v).doubleValue();
            };
            default -> throw new IllegalArgumentException("cannot widen " + from + " to " + to);
        };
    }

    /** The same conversion for one value already in hand. */
    public static Object widenValue(Object v, SqlType to) {
        if (v == null) {
            return null;
        }
        return switch (to) {
            case BIGINT -> ((Number) v).longValue();
            case DOUBLE -> ((Number) v).doubleValue();
            default -> v;
        };
    }

    static String describe(SqlType t) {
        return t == null ? "NULL" : t.displayName();
    }
}
