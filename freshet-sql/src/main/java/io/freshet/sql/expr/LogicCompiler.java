package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;

/**
 * AND, OR, NOT and IS [NOT] NULL with SQL's three-valued logic: FALSE AND NULL is FALSE, TRUE OR NULL is TRUE,
 * NOT NULL is NULL. The right side of AND/OR is not evaluated when the left decides.
 */
final class LogicCompiler {

    private LogicCompiler() {
    }

    static Node and(Node left, Node right, Position position) {
        requireBoolean(left, position, "AND");
        requireBoolean(right, position, "AND");
        return Node.of(SqlType.BOOLEAN, and(left.evaluator(), right.evaluator()));
    }

    static Node or(Node left, Node right, Position position) {
        requireBoolean(left, position, "OR");
        requireBoolean(right, position, "OR");
        return Node.of(SqlType.BOOLEAN, decidedBy(Boolean.TRUE, left.evaluator(), right.evaluator()));
    }

    static Node not(Node operand, Position position) {
        requireBoolean(operand, position, "NOT");
        return Node.of(SqlType.BOOLEAN, not(operand.evaluator()));
    }

    static Node isNull(Node operand, boolean negated) {
        Evaluator e = operand.evaluator();
        return Node.of(SqlType.BOOLEAN, negated ? row -> e.apply(row) != null : row -> e.apply(row) == null);
    }

    static Evaluator and(Evaluator l, Evaluator r) {
        return decidedBy(Boolean.FALSE, l, r);
    }

    /**
     * AND and OR are the same rule with the roles of TRUE and FALSE swapped: one side equal to {@code decisive}
     * (FALSE for AND, TRUE for OR) decides, and the right side is then not evaluated; otherwise a null side makes the
     * result null, and two non-deciding sides give the other truth value.
     */
    private static Evaluator decidedBy(Boolean decisive, Evaluator l, Evaluator r) {
        Boolean otherwise = !decisive;
        return row -> {
            Object a = l.apply(row);
            if (decisive.equals(a)) {
                return decisive;
            }
            Object b = r.apply(row);
            if (decisive.equals(b)) {
                return decisive;
            }
            return a == null || b == null ? null : otherwise;
        };
    }

    static Evaluator not(Evaluator e) {
        return row -> {
            Object v = e.apply(row);
            return v == null ? null : !(Boolean) v;
        };
    }

    static void requireBoolean(Node node, Position position, String what) {
        if (node.type() != null && node.type() != SqlType.BOOLEAN) {
            throw new SqlException(position, what + " needs BOOLEAN operands, got " + node.type().displayName());
        }
    }
}
