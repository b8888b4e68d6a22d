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
 * <p>Rows: an input row is the FROM source's columns (key, value) then, after a join, the table's columns, then
 * ROWTIME, ROWPARTITION, ROWOFFSET of the stream record ({@code inputLayout}). An aggregated row is the GROUP BY
 * values, the aggregate results, then WINDOWSTART and WINDOWEND when windowed ({@code AggregateStep.layout}).
 *
 * @param missingKey key expressions the SELECT does not include (a persistent query must; a push query need not)
 */
record QueryPlan(AnalyzedQuery analyzed, SourceRef from, Optional<JoinStep> join, RowLayout inputLayout,
                 Optional<CompiledExpression> where, Optional<List<CompiledExpression>> partitionBy,
                 Optional<AggregateStep> aggregate, Projection projection, List<String> missingKey) {

    /** A stream-table join: the stream's {@code leftJoinSlot} column against the table's (single) key column.
     *  {@code rekey}: the stream's key is not already that column (in the table's key format), so it is
     *  re-keyed, and Kafka Streams repartitions it, before the join. */
    record JoinStep(SourceRef table, JoinType type, int leftJoinSlot, boolean rekey) {
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
