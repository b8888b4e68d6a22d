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
        Evaluator l = left.evaluator();
        Evaluator r = right.evaluator();
        return Node.of(SqlType.BOOLEAN, row -> {
            Object a = l.apply(row);
            if (Boolean.TRUE.equals(a)) {
                return Boolean.TRUE;
            }
            Object b = r.apply(row);
            if (Boolean.TRUE.equals(b)) {
                return Boolean.TRUE;
            }
            return a == null || b == null ? null : Boolean.FALSE;
        });
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
        return row -> {
            Object a = l.apply(row);
            if (Boolean.FALSE.equals(a)) {
                return Boolean.FALSE;
            }
            Object b = r.apply(row);
            if (Boolean.FALSE.equals(b)) {
                return Boolean.FALSE;
            }
            return a == null || b == null ? null : Boolean.TRUE;
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
