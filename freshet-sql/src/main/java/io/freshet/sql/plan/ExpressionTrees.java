package io.freshet.sql.plan;

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
import io.freshet.sql.ast.Expression.WhenClause;
import io.freshet.sql.ast.Position;
import io.freshet.sql.expr.RowLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Walks and rewrites expression trees. The planner needs two things the AST does not give: to tell whether two
 * expressions are the same whatever their positions and qualifiers ({@code r.device} and {@code device} in a GROUP
 * BY and a SELECT), and to replace sub-expressions (an aggregate call by the slot holding its result).
 */
final class ExpressionTrees {

    private ExpressionTrees() {
    }

    /**
     * Rewrites top-down: {@code replace} is asked first for each node; when it answers, that is the node's
     * replacement (its children are not visited), otherwise the node is rebuilt from its rewritten children.
     * {@code keepPositions} false gives every rebuilt node {@link Position#UNKNOWN}.
     */
    static Expression rewrite(Expression e, Function<Expression, Optional<Expression>> replace, boolean keepPositions) {
        Optional<Expression> replaced = replace.apply(e);
        if (replaced.isPresent()) {
            return replaced.get();
        }
        Position p = keepPositions ? e.position() : Position.UNKNOWN;
        Function<Expression, Expression> r = c -> rewrite(c, replace, keepPositions);
        if (e instanceof Literal l) {
            return new Literal(l.value(), p);
        } else if (e instanceof ColumnRef c) {
            return new ColumnRef(c.qualifier(), c.name(), p);
        } else if (e instanceof Arithmetic a) {
            return new Arithmetic(a.op(), r.apply(a.left()), r.apply(a.right()), p);
        } else if (e instanceof Negate n) {
            return new Negate(r.apply(n.operand()), p);
        } else if (e instanceof Comparison c) {
            return new Comparison(c.op(), r.apply(c.left()), r.apply(c.right()), p);
        } else if (e instanceof Logical l) {
            return new Logical(l.op(), r.apply(l.left()), r.apply(l.right()), p);
        } else if (e instanceof Not n) {
            return new Not(r.apply(n.operand()), p);
        } else if (e instanceof IsNull n) {
            return new IsNull(r.apply(n.operand()), n.negated(), p);
        } else if (e instanceof Between b) {
            return new Between(r.apply(b.value()), r.apply(b.low()), r.apply(b.high()), b.negated(), p);
        } else if (e instanceof Like l) {
            return new Like(r.apply(l.value()), r.apply(l.pattern()), l.negated(), p);
        } else if (e instanceof InList i) {
            return new InList(r.apply(i.value()), i.list().stream().map(r).toList(), i.negated(), p);
        } else if (e instanceof Case c) {
            List<WhenClause> whens = new ArrayList<>();
            for (WhenClause w : c.whens()) {
                whens.add(new WhenClause(r.apply(w.condition()), r.apply(w.result())));
            }
            return new Case(c.operand().map(r), whens, c.otherwise().map(r), p);
        } else if (e instanceof FunctionCall f) {
            return new FunctionCall(f.name(), f.args().stream().map(r).toList(), f.star(), p);
        } else if (e instanceof Cast c) {
            return new Cast(r.apply(c.operand()), c.type(), p);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /** Visits every node, parents before children. */
    static void forEach(Expression e, Consumer<Expression> visitor) {
        rewrite(e, node -> {
            visitor.accept(node);
            return Optional.empty();
        }, true);
    }

    /**
     * The expression with positions dropped and each column reference qualified by the slot it resolves to in
     * {@code layout}, so that equal computations compare equal with {@code equals}. Unresolvable or ambiguous
     * references are left as written (compiling them reports the error).
     */
    static Expression canonical(Expression e, RowLayout layout) {
        return rewrite(e, node -> {
            if (node instanceof ColumnRef c) {
                List<Integer> found = layout.resolve(c.qualifier(), c.name());
                if (found.size() == 1) {
                    RowLayout.Slot s = layout.slots().get(found.get(0));
                    return Optional.of(new ColumnRef(s.qualifier(), s.name(), Position.UNKNOWN));
                }
                return Optional.of(new ColumnRef(c.qualifier(), c.name(), Position.UNKNOWN));
            }
            return Optional.empty();
        }, false);
    }

    /** Whether the expression contains a call to an aggregate function. */
    static Optional<FunctionCall> firstAggregate(Expression e, Function<String, Boolean> isAggregate) {
        List<FunctionCall> found = new ArrayList<>();
        forEach(e, node -> {
            if (found.isEmpty() && node instanceof FunctionCall f && isAggregate.apply(f.name())) {
                found.add(f);
            }
        });
        return found.stream().findFirst();
    }
}
