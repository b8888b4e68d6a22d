package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression.ArithmeticOp;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.function.BinaryOperator;

/**
 * + - * / % over numbers of one type (after widening both sides to their common type) and + over two strings
 * (concatenation, as ksqlDB allows). Integer arithmetic is Java's: INT / INT truncates and overflow wraps. A
 * division or modulus by zero gives null (ksqlDB's choice: the query keeps running), for doubles too.
 */
final class ArithmeticCompiler {

    private ArithmeticCompiler() {
    }

    static Node compile(ArithmeticOp op, Node left, Node right, Position position) {
        SqlType lt = left.type();
        SqlType rt = right.type();
        if (op == ArithmeticOp.ADD && (lt == SqlType.STRING || rt == SqlType.STRING)
                && TypeRules.common(lt, rt) == SqlType.STRING) {
            return Node.of(SqlType.STRING,
                    Evaluator.nullPropagating(left.evaluator(), right.evaluator(), (a, b) -> (String) a + b));
        }
        if ((lt != null && !lt.isNumeric()) || (rt != null && !rt.isNumeric())) {
            throw new SqlException(position, "operator " + symbol(op) + " needs numbers, got "
                    + TypeRules.describe(lt) + " and " + TypeRules.describe(rt));
        }
        SqlType type = TypeRules.common(lt, rt);
        if (type == null) {
            return Node.constant(null, null);
        }
        Evaluator l = TypeRules.widen(left.evaluator(), lt, type);
        Evaluator r = TypeRules.widen(right.evaluator(), rt, type);
        return Node.of(type, Evaluator.nullPropagating(l, r, operation(op, type)));
    }

    static Node negate(Node operand, Position position) {
        SqlType t = operand.type();
        if (t != null && !t.isNumeric()) {
            throw new SqlException(position, "unary minus needs a number, got " + t.displayName());
        }
        Evaluator e = operand.evaluator();
        if (t == null) {
            return operand;
        }
        return Node.of(t, switch (t) {
            case INTEGER -> row -> {
                Object v = e.apply(row);
                return v == null ? null : -(Integer) v;
            };
            case BIGINT -> row -> {
                Object v = e.apply(row);
                return v == null ? null : -(Long) v;
            };
            default -> row -> {
                Object v = e.apply(row);
                return v == null ? null : -(Double) v;
            };
        });
    }

    /** The operation on two non-null operands, already of the result type. */
    private static BinaryOperator<Object> operation(ArithmeticOp op, SqlType type) {
        return switch (type) {
            case INTEGER -> switch (op) {
                case ADD -> (a, b) -> (Integer) a + (Integer) b;
                case SUBTRACT -> (a, b) -> (Integer) a - (Integer) b;
                case MULTIPLY -> (a, b) -> (Integer) a * (Integer) b;
                case DIVIDE -> (a, b) -> (Integer) b == 0 ? null : (Integer) a / (Integer) b;
                case MODULUS -> (a, b) -> (Integer) b == 0 ? null : (Integer) a % (Integer) b;
            };
            case BIGINT -> switch (op) {
                case ADD -> (a, b) -> (Long) a + (Long) b;
                case SUBTRACT -> (a, b) -> (Long) a - (Long) b;
                case MULTIPLY -> (a, b) -> (Long) a * (Long) b;
                case DIVIDE -> (a, b) -> (Long) b == 0L ? null : (Long) a / (Long) b;
                case MODULUS -> (a, b) -> (Long) b == 0L ? null : (Long) a % (Long) b;
            };
            default -> switch (op) {
                case ADD -> (a, b) -> (Double) a + (Double) b;
                case SUBTRACT -> (a, b) -> (Double) a - (Double) b;
                case MULTIPLY -> (a, b) -> (Double) a * (Double) b;
                case DIVIDE -> (a, b) -> (Double) b == 0.0 ? null : (Double) a / (Double) b;
                case MODULUS -> (a, b) -> (Double) b == 0.0 ? null : (Double) a % (Double) b;
            };
        };
    }

    static String symbol(ArithmeticOp op) {
        return switch (op) {
            case ADD -> "+";
            case SUBTRACT -> "-";
            case MULTIPLY -> "*";
            case DIVIDE -> "/";
            case MODULUS -> "%";
        };
    }
}
