package io.freshet.sql.plan;

import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Query.WindowSpec;
import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.plan.QueryPlan.AggregateStep;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * GROUP BY with aggregates: the arguments are evaluated on the input row, the rows re-keyed by the GROUP BY values
 * (through the {@code Aggregate-GroupBy} repartition topic unless they are keyed so already; a row with a null
 * GROUP BY value is skipped, as in ksqlDB), aggregated per key and window into an in-memory store, suppressed until
 * the window closes for EMIT FINAL, then HAVING and the projection run on the aggregated row.
 */
final class AggregateStage {
    private final AggregateStep step;
    private final Projection projection;

    AggregateStage(AggregateStep step, Projection projection) {
        this.step = step;
        this.projection = projection;
    }

    KStream<Object, Object[]> selections(KStream<Object[], Object[]> rows) {
        List<CompiledExpression> groupBy = step.groupBy();
        List<CompiledExpression> args = step.calls().stream().flatMap(c -> c.args().stream()).toList();
        KStream<Object[], Object[]> keyed;
        if (step.groupByKey()) {
            keyed = rows.filter((key, row) -> key != null && !hasNull(key), Named.as("Aggregate-NonNullKey"))
                    .mapValues(row -> evaluate(args, row), Named.as("Aggregate-Prepare"));
        } else {
            keyed = rows.map((key, row) -> {
                Object[] group = evaluate(groupBy, row);
                return KeyValue.pair(hasNull(group) ? null : group, evaluate(args, row));
            }, Named.as("Aggregate-Prepare")).filter((key, args0) -> key != null, Named.as("Aggregate-NonNullKey"));
        }
        Serde<Object[]> groupSerde = new InternalRowSerde(step.groupTypes());
        KGroupedStream<Object[], Object[]> grouped = keyed.groupByKey(
                Grouped.with("Aggregate-GroupBy", groupSerde, new InternalRowSerde(step.argTypes())));
        Accumulators acc = new Accumulators(step.calls());
        Serde<Object[]> accSerde = new AccumulatorSerde(step.functions());
        String store = "Aggregate-Aggregate-Materialize";
        Named named = Named.as("Aggregate-Aggregate");
        if (step.window().isEmpty()) {
            KTable<Object[], Object[]> table = grouped.aggregate(acc::initial, (k, a, s) -> acc.add(s, a), named,
                    Materialized.<Object[], Object[]>as(Stores.inMemoryKeyValueStore(store))
                            .withKeySerde(groupSerde).withValueSerde(accSerde).withCachingDisabled());
            return aggregatedSelections(table.toStream(Named.as("Aggregate-ToStream")));
        }
        WindowSpec window = step.window().get();
        Duration grace = window.grace().orElseThrow();
        KTable<Windowed<Object[]>, Object[]> table;
        if (window instanceof WindowSpec.Session session) {
            // A reading is accepted while its session ends at or after stream time - grace - gap, and it merges
            // with sessions ending up to a gap before it: keep those (2 gaps + grace). Kafka Streams' default
            // (gap + grace) forgets some, so a late reading would open a second session where it should extend one.
            Duration retention = session.gap().multipliedBy(2).plus(grace);
            table = grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(session.gap(), grace))
                    .aggregate(acc::initial, (k, a, s) -> acc.add(s, a), (k, l, r) -> acc.merge(l, r), named,
                            Materialized.<Object[], Object[]>as(Stores.inMemorySessionStore(store, retention))
                                    .withKeySerde(groupSerde).withValueSerde(accSerde).withCachingDisabled());
        } else {
            TimeWindows windows = window instanceof WindowSpec.Hopping h
                    ? TimeWindows.ofSizeAndGrace(h.size(), grace).advanceBy(h.advance())
                    : TimeWindows.ofSizeAndGrace(((WindowSpec.Tumbling) window).size(), grace);
            Duration size = Duration.ofMillis(windows.size());
            table = grouped.windowedBy(windows)
                    .aggregate(acc::initial, (k, a, s) -> acc.add(s, a), named,
                            Materialized.<Object[], Object[]>as(
                                            Stores.inMemoryWindowStore(store, size.plus(grace), size, false))
                                    .withKeySerde(groupSerde).withValueSerde(accSerde).withCachingDisabled());
        }
        if (step.emit() == Query.EmitMode.FINAL) {
            table = table.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                    .withName("Aggregate-Suppress"));
        }
        return aggregatedSelections(table.toStream(Named.as("Aggregate-ToStream")));
    }

    /** Aggregated row -> HAVING -> selection. EMIT CHANGES writes a tombstone for a group HAVING rejects (it may
     *  have passed before, as ksqlDB's table filter does); EMIT FINAL writes nothing for it. */
    private <K> KStream<Object, Object[]> aggregatedSelections(KStream<K, Object[]> updates) {
        Accumulators acc = new Accumulators(step.calls());
        int groups = step.groupBy().size();
        boolean windowed = step.window().isPresent();
        boolean dropRejected = step.emit() == Query.EmitMode.FINAL;
        CompiledExpression having = step.having().orElse(null);
        KStream<K, Object[]> selections = updates.flatMapValues((key, accumulators) -> {
            if (accumulators == null) {
                return Collections.singletonList(null);
            }
            Object[] row = new Object[step.layout().size()];
            Object[] group = TopologyPlanner.keyColumns(key);
            System.arraycopy(group, 0, row, 0, groups);
            Object[] results = acc.results(accumulators);
            System.arraycopy(results, 0, row, groups, results.length);
            if (windowed) {
                Windowed<?> w = (Windowed<?>) key;
                row[groups + results.length] = w.window().start();
                row[groups + results.length + 1] = w.window().end();
            }
            if (having != null && !Boolean.TRUE.equals(having.evaluate(row))) {
                return dropRejected ? List.of() : Collections.singletonList(null);
            }
            return Collections.singletonList(projection.select(row));
        }, Named.as("Aggregate-Project"));
        return TopologyPlanner.widen(selections);
    }

    private static Object[] evaluate(List<CompiledExpression> expressions, Object[] row) {
        Object[] values = new Object[expressions.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = expressions.get(i).evaluate(row);
        }
        return values;
    }

    private static boolean hasNull(Object[] values) {
        for (Object v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }
}
