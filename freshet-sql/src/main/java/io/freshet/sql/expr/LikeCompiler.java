package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;

/** {@code value [NOT] LIKE pattern} on strings; a literal pattern is prepared once. Null on either side: null. */
final class LikeCompiler {

    private LikeCompiler() {
    }

    static Node compile(Node value, Node pattern, boolean negated, Position position) {
        requireString(value, position);
        requireString(pattern, position);
        Evaluator v = value.evaluator();
        Evaluator matches;
        if (pattern.isConstant()) {
            Object p = pattern.constantValue();
            if (p == null) {
                return Node.constant(SqlType.BOOLEAN, null);
            }
            LikePattern prepared = new LikePattern((String) p);
            matches = row -> {
                Object s = v.apply(row);
                return s == null ? null : prepared.matches((String) s);
            };
        } else {
            Evaluator pe = pattern.evaluator();
            matches = row -> {
                Object s = v.apply(row);
                Object p = pe.apply(row);
                return s == null || p == null ? null : new LikePattern((String) p).matches((String) s);
            };
        }
        return Node.of(SqlType.BOOLEAN, negated ? LogicCompiler.not(matches) : matches);
    }

    private static void requireString(Node node, Position position) {
        if (node.type() != null && node.type() != SqlType.STRING) {
            throw new SqlException(position, "LIKE needs strings, got " + node.type().displayName());
        }
    }
}
