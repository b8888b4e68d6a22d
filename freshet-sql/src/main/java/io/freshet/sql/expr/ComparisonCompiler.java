package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression.ComparisonOp;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;

/**
 * = <> < <= > >= and BETWEEN between values of one family: numbers (widened to their common type), strings
 * (compared by UTF-16 code units, as Java and ksqlDB do) or booleans (false < true). A null on either side gives
 * null (unknown), which a WHERE treats as false.
 */
final class ComparisonCompiler {

    private ComparisonCompiler() {
    }

    static Node compile(ComparisonOp op, Node left, Node right, Position position) {
        SqlType type = commonOrFail(left.type(), right.type(), position, symbol(op));
        Evaluator l = TypeRules.widen(left.evaluator(), left.type(), type);
        Evaluator r = TypeRules.widen(right.evaluator(), right.type(), type);
        return Node.of(SqlType.BOOLEAN, switch (op) {
            case EQUAL -> compare(l, r, c -> c == 0);
            case NOT_EQUAL -> compare(l, r, c -> c != 0);
            case LESS_THAN -> compare(l, r, c -> c < 0);
            case LESS_OR_EQUAL -> compare(l, r, c -> c <= 0);
            case GREATER_THAN -> compare(l, r, c -> c > 0);
            case GREATER_OR_EQUAL -> compare(l, r, c -> c >= 0);
        });
    }

    /** {@code value [NOT] BETWEEN low AND high}: low <= value <= high, three-valued like the AND it stands for. */
    static Node between(Node value, Node low, Node high, boolean negated, Position position) {
        SqlType type = commonOrFail(commonOrFail(value.type(), low.type(), position, "BETWEEN"), high.type(),
                position, "BETWEEN");
        Evaluator v = TypeRules.widen(value.evaluator(), value.type(), type);
        Evaluator lo = TypeRules.widen(low.evaluator(), low.type(), type);
        Evaluator hi = TypeRules.widen(high.evaluator(), high.type(), type);
        Evaluator inRange = LogicCompiler.and(compare(lo, v, c -> c <= 0), compare(v, hi, c -> c <= 0));
        return Node.of(SqlType.BOOLEAN, negated ? LogicCompiler.not(inRange) : inRange);
    }

    /** The common type; null only when both are untyped NULLs (comparing those is allowed and gives null). */
    static SqlType commonOrFail(SqlType a, SqlType b, Position position, String what) {
        SqlType type = TypeRules.common(a, b);
        if (type == null && a != null && b != null) {
            throw new SqlException(position, "cannot compare " + TypeRules.describe(a) + " with "
                    + TypeRules.describe(b) + " (" + what + ")");
        }
        return type;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private interface Outcome {
        boolean test(int comparison);
    }

    private static Evaluator compare(Evaluator l, Evaluator r, Outcome outcome) {
        return Evaluator.nullPropagating(l, r, (a, b) -> outcome.test(compareValues(a, b)));
    }

    private static String symbol(ComparisonOp op) {
        return switch (op) {
            case EQUAL -> "=";
            case NOT_EQUAL -> "<>";
            case LESS_THAN -> "<";
            case LESS_OR_EQUAL -> "<=";
            case GREATER_THAN -> ">";
            case GREATER_OR_EQUAL -> ">=";
        };
    }
}
