package io.freshet.sql.plan;

import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Query.WindowSpec;
import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.format.SqlSerdes;
import io.freshet.sql.plan.QueryPlan.AggregateCall;
import io.freshet.sql.plan.QueryPlan.AggregateStep;
import io.freshet.sql.plan.QueryPlan.JoinStep;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.SqlType;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindowedSerializer;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindowedSerializer;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.ValueJoinerWithKey;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Kafka Streams topology of one {@link QueryPlan}. Every stage ends in a stream of <em>selections</em>
 * (the SELECT list evaluated, in SELECT order; null for a deleted key) keyed by the output key; a persistent query
 * writes the value columns of each to the sink topic, a push query hands them to its {@link TransientSink}.
 *
 * <p>Names: processors, stores and internal topics have fixed role names ({@code Aggregate-GroupBy},
 * {@code Aggregate-Aggregate-Materialize}, {@code Join}), as ksqlDB names them; the query id is in the Kafka
 * Streams application.id, so internal topics read {@code _freshet_sql_query_CTAS_X_3-Aggregate-GroupBy-repartition}
 * and a restarted query finds the same stores and topics. Stores are in-memory ({@link Stores#inMemoryKeyValueStore}
 * and friends), restored from their changelog topics on restart: no RocksDB.
 */
final class TopologyPlanner {

    private final QueryPlan plan;
    private final StreamsBuilder builder;

    TopologyPlanner(QueryPlan plan, String queryId) {
        this.plan = plan;
        this.builder = new StreamsBuilder(new TopologyConfig(buildConfig(queryId)));
    }

    /**
     * Settings the topology is built with (the running application's own config replaces them, except what is
     * decided at build time): DSL stores in memory, and Kafka Streams refuses to build if any repartition topic,
     * changelog or store would get a generated name -- generated names shift when a query's shape changes, and a
     * restarted query must find its state under the same names.
     */
    private static StreamsConfig buildConfig(String queryId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "_freshet_sql_query_" + queryId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return new StreamsConfig(props);
    }

    Topology persistent(SinkSpec sink) {
        Projection projection = plan.projection();
        selections().mapValues(selection -> selection == null ? null : projection.value(selection),
                        Named.as("Project-Value"))
                .to(sink.topic(), Produced.with(sinkKeySerde(sink), sinkValueSerde(sink)).withName("Sink"));
        return builder.build();
    }

    Topology transientQuery(TransientSink sink) {
        Projection projection = plan.projection();
        selections().foreach((key, selection) -> {
            Object[] row = selection != null ? selection : projection.tombstone(keyColumns(key));
            sink.accept(Collections.unmodifiableList(Arrays.asList(row)));
        }, Named.as("Transient-Sink"));
        return builder.build();
    }

    private static Object[] keyColumns(Object key) {
        if (key instanceof Windowed<?> w) {
            return (Object[]) w.key();
        }
        return (Object[]) key;
    }

    // ---- the pipeline

    private KStream<Object, Object[]> selections() {
        if (plan.aggregate().isPresent()) {
            return aggregate(filtered(inputRows()), plan.aggregate().get());
        }
        if (plan.join().isEmpty() && plan.from().source().kind() == io.freshet.sql.ast.SourceKind.TABLE) {
            return tableSelections();
        }
        Projection projection = plan.projection();
        boolean keyed = !plan.analyzed().outputSchema().key().isEmpty();
        return filtered(inputRows()).map((key, row) -> {
            Object[] selection = projection.select(row);
            return KeyValue.pair((Object) (keyed ? projection.key(selection) : null), selection);
        }, Named.as(plan.partitionBy().isPresent() ? "PartitionBy-Project" : "Project"));
    }

    /** The FROM stream as input rows, joined with the table when there is a JOIN. */
    private KStream<Object[], Object[]> inputRows() {
        SourceRef from = plan.from();
        KStream<Object[], Object[]> rows = builder.stream(from.source().topic(), consumed(from))
                .processValues(() -> new SourceRowProcessor(from.keyCount(), from.source().schema().value().size()),
                        Named.as("Source-" + from.qualifier() + "-Row"));
        if (plan.join().isEmpty()) {
            return rows;
        }
        return join(rows, plan.join().get());
    }

    private KStream<Object[], Object[]> filtered(KStream<Object[], Object[]> rows) {
        if (plan.where().isEmpty()) {
            return rows;
        }
        CompiledExpression where = plan.where().get();
        return rows.filter((key, row) -> Boolean.TRUE.equals(where.evaluate(row)), Named.as("Where"));
    }

    private Consumed<Object[], Object[]> consumed(SourceRef ref) {
        DataSource s = ref.source();
        Consumed<Object[], Object[]> consumed = Consumed.with(SqlSerdes.key(s.keyFormat(), s.schema().key()),
                SqlSerdes.value(s.valueFormat(), s.schema().value())).withName("Source-" + ref.qualifier());
        int ts = ref.timestampValueIndex();
        return ts < 0 ? consumed : consumed.withTimestampExtractor(new ColumnTimestampExtractor(ts));
    }

    // ---- a TABLE without aggregation

    private KStream<Object, Object[]> tableSelections() {
        SourceRef from = plan.from();
        DataSource s = from.source();
        Projection projection = plan.projection();
        CompiledExpression where = plan.where().orElse(null);
        KTable<Object[], Object[]> table = builder.table(s.topic(), consumed(from),
                Materialized.<Object[], Object[]>as(Stores.inMemoryKeyValueStore("Source-" + from.qualifier() + "-Store"))
                        .withKeySerde(SqlSerdes.key(s.keyFormat(), s.schema().key()))
                        .withValueSerde(SqlSerdes.value(s.valueFormat(), s.schema().value())));
        KTable<Object[], Object[]> selected = table
                .transformValues(() -> new TableRowTransformer(from.keyCount(), s.schema().value().size()),
                        Named.as("Source-" + from.qualifier() + "-Row"))
                .mapValues(row -> row == null || (where != null && !Boolean.TRUE.equals(where.evaluate(row)))
                        ? null : projection.select(row), Named.as("Project"));
        return widen(selected.toStream(Named.as("ToStream")));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KStream<Object, Object[]> widen(KStream<?, Object[]> stream) {
        return (KStream<Object, Object[]>) (KStream) stream;
    }

    // ---- stream-table JOIN

    private KStream<Object[], Object[]> join(KStream<Object[], Object[]> rows, JoinStep step) {
        SourceRef table = step.table();
        DataSource t = table.source();
        Serde<Object[]> tableKeySerde = SqlSerdes.key(t.keyFormat(), t.schema().key());
        Serde<Object[]> tableValueSerde = SqlSerdes.value(t.valueFormat(), t.schema().value());
        KTable<Object[], Object[]> right = builder.table(t.topic(), consumed(table),
                Materialized.<Object[], Object[]>as(Stores.inMemoryKeyValueStore("Source-" + table.qualifier() + "-Store"))
                        .withKeySerde(tableKeySerde).withValueSerde(tableValueSerde));
        KStream<Object[], Object[]> left = rows;
        if (step.rekey()) {
            int slot = step.leftJoinSlot();
            left = rows.selectKey((key, row) -> row[slot] == null ? null : new Object[] {row[slot]},
                    Named.as("Join-SelectKey"));
        }
        SourceRef from = plan.from();
        int leftColumns = from.columnCount();
        int rightColumns = table.columnCount();
        int rightKeys = table.keyCount();
        ValueJoinerWithKey<Object[], Object[], Object[], Object[]> joiner = (key, row, tableValue) -> {
            Object[] joined = new Object[leftColumns + rightColumns + SourceRef.PSEUDO_COUNT];
            System.arraycopy(row, 0, joined, 0, leftColumns);
            if (tableValue != null) {
                if (key != null) {
                    System.arraycopy(key, 0, joined, leftColumns, Math.min(rightKeys, key.length));
                }
                System.arraycopy(tableValue, 0, joined, leftColumns + rightKeys,
                        Math.min(rightColumns - rightKeys, tableValue.length));
            }
            System.arraycopy(row, leftColumns, joined, leftColumns + rightColumns, SourceRef.PSEUDO_COUNT);
            return joined;
        };
        List<SqlType> leftTypes = new RowLayout(concat(from.columnSlots(), from.pseudoSlots())).slots().stream()
                .map(RowLayout.Slot::type).toList();
        Joined<Object[], Object[], Object[]> joined = Joined.with(tableKeySerde, new InternalRowSerde(leftTypes),
                tableValueSerde).withName("Join");
        return step.type() == Query.Relation.JoinType.LEFT
                ? left.leftJoin(right, joiner, joined)
                : left.join(right, joiner, joined);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---- GROUP BY aggregates

    private KStream<Object, Object[]> aggregate(KStream<Object[], Object[]> rows, AggregateStep step) {
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
            return aggregatedSelections(table.toStream(Named.as("Aggregate-ToStream")), step);
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
        return aggregatedSelections(table.toStream(Named.as("Aggregate-ToStream")), step);
    }

    /** Aggregated row -> HAVING -> selection. EMIT CHANGES writes a tombstone for a group HAVING rejects (it may
     *  have passed before, as ksqlDB's table filter does); EMIT FINAL writes nothing for it. */
    private <K> KStream<Object, Object[]> aggregatedSelections(KStream<K, Object[]> updates, AggregateStep step) {
        Projection projection = plan.projection();
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
            Object[] group = keyColumns(key);
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
        return widen(selections);
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

    // ---- sink serdes

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Serde<Object> sinkKeySerde(SinkSpec sink) {
        List<io.freshet.sql.schema.Column> key = plan.analyzed().outputSchema().key();
        Serde<Object[]> inner = key.isEmpty() ? SqlSerdes.key(Format.NONE, key) : SqlSerdes.key(sink.keyFormat(), key);
        if (plan.aggregate().isEmpty() || plan.aggregate().get().window().isEmpty()) {
            return (Serde<Object>) (Serde) inner;
        }
        boolean session = plan.aggregate().get().window().get() instanceof WindowSpec.Session;
        // Kafka Streams' windowed serializers: key bytes + 8-byte big-endian start (time windows), key bytes +
        // end + start (session windows) -- the layout ksqlDB writes, so its consumers read ours.
        var serializer = session ? new SessionWindowedSerializer<>(inner.serializer())
                : new TimeWindowedSerializer<>(inner.serializer());
        return (Serde<Object>) (Serde) Serdes.serdeFrom(serializer, (topic, bytes) -> {
            throw new UnsupportedOperationException("the sink key is only written");
        });
    }

    private Serde<Object[]> sinkValueSerde(SinkSpec sink) {
        return SqlSerdes.value(sink.valueFormat(), plan.analyzed().outputSchema().value());
    }

    /** The aggregate calls' accumulators as one {@code Object[]}, each call fed its own slice of the arguments. */
    private static final class Accumulators {
        private final List<AggregateCall> calls;
        private final int[] offsets;

        Accumulators(List<AggregateCall> calls) {
            this.calls = calls;
            this.offsets = new int[calls.size() + 1];
            for (int i = 0; i < calls.size(); i++) {
                offsets[i + 1] = offsets[i] + calls.get(i).args().size();
            }
        }

        Object[] initial() {
            Object[] state = new Object[calls.size()];
            for (int i = 0; i < state.length; i++) {
                state[i] = calls.get(i).function().initial();
            }
            return state;
        }

        Object[] add(Object[] state, Object[] args) {
            Object[] next = new Object[state.length];
            for (int i = 0; i < next.length; i++) {
                next[i] = calls.get(i).function().add(state[i], Arrays.copyOfRange(args, offsets[i], offsets[i + 1]));
            }
            return next;
        }

        Object[] merge(Object[] left, Object[] right) {
            Object[] merged = new Object[left.length];
            for (int i = 0; i < merged.length; i++) {
                merged[i] = calls.get(i).function().merge(left[i], right[i]);
            }
            return merged;
        }

        Object[] results(Object[] state) {
            Object[] results = new Object[state.length];
            for (int i = 0; i < results.length; i++) {
                results[i] = calls.get(i).function().result(state[i]);
            }
            return results;
        }
    }
}
