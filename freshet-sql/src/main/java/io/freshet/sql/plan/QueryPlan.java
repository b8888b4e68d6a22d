package io.freshet.sql.plan;

import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Query.Relation.JoinType;
import io.freshet.sql.ast.Query.WindowSpec;
import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.function.AggregateFunction;
import io.freshet.sql.schema.SqlType;
import java.util.List;
import java.util.Optional;

/**
 * A query analysed down to the stages the topology is built from, every expression compiled against the layout of
 * the rows it sees. Internal to the planner: {@link AnalyzedQuery} is what the rest of Freshet sees.
 *
 * <p>Rows: an input row is the FROM source's columns (key, value) then, after joins, each joined source's, then
 * ROWTIME, ROWPARTITION, ROWOFFSET of the stream record ({@code inputLayout}). An aggregated row is the GROUP BY
 * values, the aggregate results, then WINDOWSTART and WINDOWEND when windowed ({@code AggregateStep.layout}).
 *
 * @param missingKey key expressions the SELECT does not include (a persistent query must; a push query need not)
 */
record QueryPlan(AnalyzedQuery analyzed, SourceRef from, List<JoinStep> joins, RowLayout inputLayout,
                 Optional<CompiledExpression> where, Optional<List<CompiledExpression>> partitionBy,
                 Optional<AggregateStep> aggregate, Projection projection, List<String> missingKey) {

    /**
     * One JOIN, in order: the rows so far (the FROM stream's columns, then those of earlier joins: {@code leftTypes},
     * then the pseudo-columns) joined with {@code other}: a TABLE (looked up by its single key column) or, with
     * {@code within}, a STREAM (records of both sides within that time of each other). The rows' {@code
     * leftJoinSlot} column is compared with the other's {@code rightJoinSlot} column (in its own row).
     * {@code rekey} / {@code rekeyRight}: that side's key is not already the join column (in a key format the other
     * side shares), so it is re-keyed, and Kafka Streams repartitions it, before the join. {@code leftKeyFormat}: how
     * the rows' key is written when they are not re-keyed (empty: Freshet's internal row format). {@code name}
     * prefixes the join's processors, stores and topics: Join, Join-2, ...
     */
    record JoinStep(SourceRef other, JoinType type, int leftJoinSlot, boolean rekey, int rightJoinSlot,
                    boolean rekeyRight, Optional<java.time.Duration> within, List<SqlType> leftTypes,
                    Optional<io.freshet.sql.schema.Format> leftKeyFormat, String name) {

        boolean streamStream() {
            return within.isPresent();
        }

        SqlType joinType() {
            return leftTypes.get(leftJoinSlot);
        }
    }

    record AggregateCall(AggregateFunction function, List<CompiledExpression> args) {
    }

    /**
     * @param groupByKey the GROUP BY is exactly the input's key: no repartition
     * @param having compiled against {@code layout}
     */
    record AggregateStep(List<CompiledExpression> groupBy, List<SqlType> groupTypes, boolean groupByKey,
                         List<AggregateCall> calls, Optional<WindowSpec> window, Query.EmitMode emit,
                         RowLayout layout, Optional<CompiledExpression> having) {

        List<SqlType> argTypes() {
            return calls.stream().flatMap(c -> c.args().stream()).map(CompiledExpression::type).toList();
        }

        List<AggregateFunction> functions() {
            return calls.stream().map(AggregateCall::function).toList();
        }
    }
}
