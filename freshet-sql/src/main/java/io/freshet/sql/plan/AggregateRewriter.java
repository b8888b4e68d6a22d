package io.freshet.sql.plan;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Expression.ColumnRef;
import io.freshet.sql.ast.Expression.FunctionCall;
import io.freshet.sql.ast.Expression.Literal;
import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.expr.ExpressionCompiler;
import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.expr.RowLayout.Slot;
import io.freshet.sql.function.AggregateFunction;
import io.freshet.sql.function.Functions;
import io.freshet.sql.plan.QueryPlan.AggregateCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Replaces aggregate calls and GROUP BY expressions by the slots of the aggregated row that hold them. */
final class AggregateRewriter {

    /** Slots of the aggregate results in the aggregated row; a name no user column can take unquoted. */
    static final String AGG_SLOT = "KSQL_AGG_VARIABLE_";

    private final RowLayout inputLayout;
    private final List<Expression> groupCanon;
    private final List<Slot> groupSlots;
    final List<AggregateCall> calls = new ArrayList<>();
    private final List<Expression> callCanon = new ArrayList<>();

    AggregateRewriter(RowLayout inputLayout, List<Expression> groupCanon, List<Slot> groupSlots) {
        this.inputLayout = inputLayout;
        this.groupCanon = groupCanon;
        this.groupSlots = groupSlots;
    }

    Expression rewrite(Expression e) {
        return ExpressionTrees.rewrite(e, node -> {
            if (node instanceof FunctionCall f && Functions.isAggregate(f.name())) {
                return Optional.of(new ColumnRef(Optional.empty(), AGG_SLOT + register(f), f.position()));
            }
            int g = groupCanon.indexOf(ExpressionTrees.canonical(node, inputLayout));
            if (g >= 0 && !(node instanceof Literal)) {
                Slot s = groupSlots.get(g);
                return Optional.of(new ColumnRef(s.qualifier(), s.name(), node.position()));
            }
            if (node instanceof ColumnRef c && !isWindowBound(c)) {
                throw new SqlException(c.position(), "column " + c.name()
                        + " is neither in GROUP BY nor inside an aggregate function");
            }
            return Optional.empty();
        }, true);
    }

    private boolean isWindowBound(ColumnRef c) {
        return c.qualifier().isEmpty()
                && (c.name().equals(SourceRef.WINDOWSTART) || c.name().equals(SourceRef.WINDOWEND));
    }

    private int register(FunctionCall f) {
        Expression canon = ExpressionTrees.canonical(f, inputLayout);
        int known = callCanon.indexOf(canon);
        if (known >= 0) {
            return known;
        }
        List<CompiledExpression> args = new ArrayList<>();
        for (Expression arg : f.args()) {
            ExpressionTrees.firstAggregate(arg, Functions::isAggregate).ifPresent(inner -> {
                throw new SqlException(inner.position(), "aggregate function " + inner.name()
                        + " cannot be nested inside " + f.name());
            });
            args.add(ExpressionCompiler.compile(arg, inputLayout));
        }
        AggregateFunction function = Functions.aggregate(f.name(),
                args.stream().map(CompiledExpression::type).toList(), f.star(), f.position());
        calls.add(new AggregateCall(function, args));
        callCanon.add(canon);
        return calls.size() - 1;
    }
}
