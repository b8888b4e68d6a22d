package io.freshet.sql.expr;

import io.freshet.sql.schema.SqlType;
import java.util.Locale;

/**
 * CAST between any two of the five types. A value that does not convert (CAST('abc' AS INT)) gives null, as in
 * ksqlDB, rather than failing the query. Numbers narrow as Java does (a DOUBLE truncates toward zero, a BIGINT
 * keeps its low 32 bits); a string is trimmed before it is parsed; BOOLEAN to a number is 1 or 0 and a number
 * to BOOLEAN is true when not zero; a string to BOOLEAN is 'true' or 'false' in any case, anything else null.
 */
public final class Casts {

    private Casts() {
    }

    interface Conversion {
        Object convert(Object nonNull);
    }

    static Node compile(Node operand, SqlType to) {
        SqlType from = operand.type();
        if (from == null) {
            return Node.constant(to, null);
        }
        if (from == to) {
            return Node.of(to, operand.evaluator());
        }
        Conversion c = conversion(from, to);
        Evaluator e = operand.evaluator();
        return Node.of(to, row -> {
            Object v = e.apply(row);
            return v == null ? null : c.convert(v);
        });
    }

    /** Converts one value (null stays null); for callers that convert outside an expression. */
    public static Object cast(Object value, SqlType from, SqlType to) {
        if (value == null || from == to) {
            return value;
        }
        return conversion(from, to).convert(value);
    }

    static Conversion conversion(SqlType from, SqlType to) {
        return switch (to) {
            case STRING -> String::valueOf;
            case INTEGER -> switch (from) {
                case STRING -> v -> parse(() -> Integer.parseInt(((String) v).trim()));
                case BOOLEAN -> v -> (Boolean) v ? 1 : 0;
                default -> v -> ((Number) v).intValue();
            };
            case BIGINT -> switch (from) {
                case STRING -> v -> parse(() -> Long.parseLong(((String) v).trim()));
                case BOOLEAN -> v -> (Boolean) v ? 1L : 0L;
                default -> v -> ((Number) v).longValue();
            };
            case DOUBLE -> switch (from) {
                case STRING -> v -> parse(() -> Double.parseDouble(((String) v).trim()));
                case BOOLEAN -> v -> (Boolean) v ? 1.0 : 0.0;
                default -> v -> ((Number) v).doubleValue();
            };
            case BOOLEAN -> switch (from) {
                case STRING -> v -> switch (((String) v).trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> null;
                };
                case DOUBLE -> v -> (Double) v != 0.0;
                default -> v -> ((Number) v).longValue() != 0L;
            };
        };
    }

    private interface Parse {
        Object get();
    }

    private static Object parse(Parse parse) {
        try {
            return parse.get();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
