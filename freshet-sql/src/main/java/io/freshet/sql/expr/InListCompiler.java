package io.freshet.sql.expr;

import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code x [NOT] IN (a, b, ...)} as SQL defines it: true when x equals an item; otherwise null when x or any item
 * is null, else false. All items and x are widened to their common type; a list of literals becomes a hash set.
 */
final class InListCompiler {

    private InListCompiler() {
    }

    static Node compile(Node value, List<Node> items, boolean negated, Position position) {
        SqlType type = value.type();
        for (Node item : items) {
            type = ComparisonCompiler.commonOrFail(type, item.type(), position, "IN");
        }
        Evaluator v = TypeRules.widen(value.evaluator(), value.type(), type);
        Evaluator in = items.stream().allMatch(Node::isConstant)
                ? constantSet(v, items, type)
                : eachItem(v, items, type);
        return Node.of(SqlType.BOOLEAN, negated ? LogicCompiler.not(in) : in);
    }

    private static Evaluator constantSet(Evaluator v, List<Node> items, SqlType type) {
        Set<Object> set = new HashSet<>();
        boolean nullItem = false;
        for (Node item : items) {
            Object c = TypeRules.widenValue(item.constantValue(), type);
            if (c == null) {
                nullItem = true;
            } else {
                set.add(c);
            }
        }
        Boolean notFound = nullItem ? null : Boolean.FALSE;
        return row -> {
            Object x = v.apply(row);
            if (x == null) {
                return null;
            }
            return set.contains(x) ? Boolean.TRUE : notFound;
        };
    }

    private static Evaluator eachItem(Evaluator v, List<Node> items, SqlType type) {
        Evaluator[] evaluators = new Evaluator[items.size()];
        for (int i = 0; i < evaluators.length; i++) {
            evaluators[i] = TypeRules.widen(items.get(i).evaluator(), items.get(i).type(), type);
        }
        return row -> {
            Object x = v.apply(row);
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (Evaluator e : evaluators) {
                Object item = e.apply(row);
                if (item == null) {
                    sawNull = true;
                } else if (ComparisonCompiler.compareValues(x, item) == 0) {
                    return Boolean.TRUE;
                }
            }
            return sawNull ? null : Boolean.FALSE;
        };
    }
}
