package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Expression.Arithmetic;
import io.freshet.sql.ast.Expression.Between;
import io.freshet.sql.ast.Expression.Case;
import io.freshet.sql.ast.Expression.Cast;
import io.freshet.sql.ast.Expression.ColumnRef;
import io.freshet.sql.ast.Expression.Comparison;
import io.freshet.sql.ast.Expression.FunctionCall;
import io.freshet.sql.ast.Expression.InList;
import io.freshet.sql.ast.Expression.IsNull;
import io.freshet.sql.ast.Expression.Like;
import io.freshet.sql.ast.Expression.Literal;
import io.freshet.sql.ast.Expression.Logical;
import io.freshet.sql.ast.Expression.Negate;
import io.freshet.sql.ast.Expression.Not;
import io.freshet.sql.schema.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Type-checks an expression against a layout and turns it into a {@link CompiledExpression} (a tree of small
 * evaluators, built once per query). Numeric promotion as ksqlDB: INTEGER < BIGINT < DOUBLE; comparisons between a
 * number and a string, or a non-boolean WHERE, are errors.
 *
 * <p>Design note: each AST node becomes one {@link Evaluator} closing over its children's evaluators and over
 * everything resolved at compile time (a column's slot index, the operation for the operand types, a function's
 * implementation), so evaluating a row is a walk of plain method calls: no reflection, no name lookups. Compiled
 * expressions hold no mutable state, so one may be shared by every stream thread.
 */
public final class ExpressionCompiler {

    private ExpressionCompiler() {
    }

    /**
     * @throws SqlException positioned at the offending sub-expression: unknown column (naming the columns there
     *     are), ambiguous column, unknown function, wrong argument count or types, an aggregate function (those
     *     are the planner's: see {@code io.freshet.sql.function.Functions#isAggregate}).
     */
    public static CompiledExpression compile(Expression expression, RowLayout layout) {
        Node node = node(expression, layout);
        if (node.type() == null) {
            throw new SqlException(expression.position(),
                    "cannot tell the type of NULL here; write CAST(NULL AS <type>)");
        }
        return node;
    }

    /** Compiles a WHERE or HAVING condition: the same, and the result must be BOOLEAN. */
    public static CompiledExpression compilePredicate(Expression expression, RowLayout layout, String clause) {
        CompiledExpression c = compile(expression, layout);
        if (c.type() != SqlType.BOOLEAN) {
            throw new SqlException(expression.position(), clause + " needs a BOOLEAN condition, got "
                    + c.type().displayName());
        }
        return c;
    }

    static Node node(Expression e, RowLayout layout) {
        if (e instanceof Literal l) {
            return literal(l);
        } else if (e instanceof ColumnRef c) {
            return column(c, layout);
        } else if (e instanceof Arithmetic a) {
            return ArithmeticCompiler.compile(a.op(), node(a.left(), layout), node(a.right(), layout), a.position());
        } else if (e instanceof Negate n) {
            return ArithmeticCompiler.negate(node(n.operand(), layout), n.position());
        } else if (e instanceof Comparison c) {
            return ComparisonCompiler.compile(c.op(), node(c.left(), layout), node(c.right(), layout),
                    c.position());
        } else if (e instanceof Logical l) {
            Node left = node(l.left(), layout);
            Node right = node(l.right(), layout);
            return l.op() == Expression.LogicalOp.AND
                    ? LogicCompiler.and(left, right, l.position())
                    : LogicCompiler.or(left, right, l.position());
        } else if (e instanceof Not n) {
            return LogicCompiler.not(node(n.operand(), layout), n.position());
        } else if (e instanceof IsNull n) {
            return LogicCompiler.isNull(node(n.operand(), layout), n.negated());
        } else if (e instanceof Between b) {
            return ComparisonCompiler.between(node(b.value(), layout), node(b.low(), layout),
                    node(b.high(), layout), b.negated(), b.position());
        } else if (e instanceof Like l) {
            return LikeCompiler.compile(node(l.value(), layout), node(l.pattern(), layout), l.negated(),
                    l.position());
        } else if (e instanceof InList in) {
            return InListCompiler.compile(node(in.value(), layout), nodes(in.list(), layout), in.negated(),
                    in.position());
        } else if (e instanceof Case c) {
            return caseNode(c, layout);
        } else if (e instanceof FunctionCall f) {
            return FunctionCallCompiler.compile(f, nodes(f.args(), layout));
        } else if (e instanceof Cast c) {
            return Casts.compile(node(c.operand(), layout), c.type());
        }
        throw new SqlException(e.position(), "unsupported expression " + e);
    }

    private static List<Node> nodes(List<Expression> expressions, RowLayout layout) {
        List<Node> out = new ArrayList<>(expressions.size());
        for (Expression e : expressions) {
            out.add(node(e, layout));
        }
        return out;
    }

    private static Node literal(Literal l) {
        Object v = l.value();
        if (v == null) {
            return Node.constant(null, null);
        } else if (v instanceof BigDecimal d) {
            return Node.constant(SqlType.DOUBLE, d.doubleValue());
        }
        for (SqlType t : SqlType.values()) {
            if (t.javaType() == v.getClass()) {
                return Node.constant(t, v);
            }
        }
        throw new SqlException(l.position(), "unsupported literal " + v);
    }

    private static Node column(ColumnRef ref, RowLayout layout) {
        List<Integer> found = layout.resolve(ref.qualifier(), ref.name());
        String shown = ref.qualifier().map(q -> q + ".").orElse("") + ref.name();
        if (found.isEmpty()) {
            String available = layout.slots().stream()
                    .map(s -> s.qualifier().map(q -> q + ".").orElse("") + s.name())
                    .collect(Collectors.joining(", "));
            throw new SqlException(ref.position(), "unknown column " + shown + "; the columns here are: "
                    + (available.isEmpty() ? "(none)" : available));
        }
        if (found.size() > 1) {
            String candidates = found.stream().map(i -> layout.slots().get(i))
                    .map(s -> s.qualifier().map(q -> q + ".").orElse("") + s.name())
                    .collect(Collectors.joining(", "));
            throw new SqlException(ref.position(), "ambiguous column " + shown + ": it could be " + candidates
                    + "; qualify it with its source");
        }
        int index = found.get(0);
        return Node.of(layout.slots().get(index).type(), row -> row[index]);
    }

    private static Node caseNode(Case c, RowLayout layout) {
        Node operand = c.operand().map(o -> node(o, layout)).orElse(null);
        List<CaseCompiler.Branch> branches = new ArrayList<>(c.whens().size());
        for (Expression.WhenClause w : c.whens()) {
            branches.add(new CaseCompiler.Branch(node(w.condition(), layout), node(w.result(), layout),
                    w.condition().position()));
        }
        Node otherwise = c.otherwise().map(o -> node(o, layout)).orElse(null);
        return CaseCompiler.compile(operand, branches, otherwise, c.position());
    }
}
