package io.freshet.sql.parser;

import io.freshet.sql.ast.Expression;
import java.util.stream.Collectors;

/** Renders an expression with every operation in parentheses, so a test shows how the parser grouped it. */
final class Parenthesized {

    private Parenthesized() {
    }

    static String of(Expression e) {
        if (e instanceof Expression.Literal l) {
            return l.value() == null ? "NULL"
                    : l.value() instanceof String s ? "'" + s + "'"
                    : l.value() + ":" + l.value().getClass().getSimpleName();
        }
        if (e instanceof Expression.ColumnRef c) {
            return c.qualifier().map(q -> q + ".").orElse("") + c.name();
        }
        if (e instanceof Expression.Arithmetic a) {
            return "(" + of(a.left()) + " " + a.op() + " " + of(a.right()) + ")";
        }
        if (e instanceof Expression.Negate n) {
            return "(-" + of(n.operand()) + ")";
        }
        if (e instanceof Expression.Comparison c) {
            return "(" + of(c.left()) + " " + c.op() + " " + of(c.right()) + ")";
        }
        if (e instanceof Expression.Logical l) {
            return "(" + of(l.left()) + " " + l.op() + " " + of(l.right()) + ")";
        }
        if (e instanceof Expression.Not n) {
            return "(NOT " + of(n.operand()) + ")";
        }
        if (e instanceof Expression.IsNull i) {
            return "(" + of(i.operand()) + (i.negated() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (e instanceof Expression.Between b) {
            return "(" + of(b.value()) + (b.negated() ? " NOT" : "") + " BETWEEN "
                    + of(b.low()) + " AND " + of(b.high()) + ")";
        }
        if (e instanceof Expression.Like l) {
            return "(" + of(l.value()) + (l.negated() ? " NOT" : "") + " LIKE "
                    + of(l.pattern()) + ")";
        }
        if (e instanceof Expression.InList i) {
            return "(" + of(i.value()) + (i.negated() ? " NOT" : "") + " IN "
                    + i.list().stream().map(Parenthesized::of).collect(Collectors.joining(", ", "[", "]")) + ")";
        }
        if (e instanceof Expression.Case c) {
            return "(CASE" + c.operand().map(o -> " " + of(o)).orElse("")
                    + c.whens().stream().map(w -> " WHEN " + of(w.condition()) + " THEN " + of(w.result()))
                            .collect(Collectors.joining())
                    + c.otherwise().map(o -> " ELSE " + of(o)).orElse("") + " END)";
        }
        if (e instanceof Expression.FunctionCall f) {
            return f.name() + (f.star() ? "(*)"
                    : f.args().stream().map(Parenthesized::of).collect(Collectors.joining(", ", "(", ")")));
        }
        if (e instanceof Expression.Cast c) {
            return "CAST(" + of(c.operand()) + " AS " + c.type() + ")";
        }
        throw new IllegalArgumentException(e.toString());
    }
}
