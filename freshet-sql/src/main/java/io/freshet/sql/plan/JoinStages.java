package io.freshet.sql.plan;

import io.freshet.sql.ast.Query;
import io.freshet.sql.plan.QueryPlan.JoinStep;
import io.freshet.sql.format.SqlSerdes;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.ValueJoinerWithKey;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.Stores;

/**
 * The JOIN of a query: the FROM stream's input rows joined with a table (a lookup per record) or with another
 * stream (records within WITHIN of each other), each side re-keyed first when its key is not the join column.
 * Output rows: the stream's columns, the other side's columns (null when a LEFT join finds nothing), then the
 * stream record's pseudo-columns.
 */
final class JoinStages {
    private final StreamsBuilder builder;

    JoinStages(StreamsBuilder builder) {
        this.builder = builder;
    }

    /** Slot types of the rows entering a join: their columns then the pseudo-columns. */
    private static List<SqlType> leftRowTypes(JoinStep step) {
        List<SqlType> types = new ArrayList<>(step.leftTypes());
        types.addAll(List.of(SqlType.BIGINT, SqlType.INTEGER, SqlType.BIGINT));
        return types;
    }

    KStream<Object[], Object[]> join(KStream<Object[], Object[]> rows, JoinStep step) {
        return step.streamStream() ? streamJoin(rows, step) : tableJoin(rows, step);
    }

    /**
     * Records of both streams with equal join columns and timestamps at most WITHIN apart. Without a GRACE PERIOD
     * (which the parser does not take) ksqlDB uses Kafka Streams' original join window, and so does this: grace
     * 24 hours less the window, and a LEFT join writes a left record without a match at once (with nulls), then
     * once more with each right record that arrives for it within the window.
     */
    @SuppressWarnings("deprecation")
    private KStream<Object[], Object[]> streamJoin(KStream<Object[], Object[]> rows, JoinStep step) {
        SourceRef other = step.other();
        KStream<Object[], Object[]> right = builder.stream(other.source().topic(), SourceStages.consumed(other))
                .processValues(() -> new SourceRowProcessor(other.keyCount(), other.source().schema().value().size()),
                        Named.as(other.processorName() + "-Row"));
        KStream<Object[], Object[]> left = step.rekey()
                ? SourceStages.rekey(rows, step.leftJoinSlot(), step.name() + "-SelectKey") : rows;
        if (step.rekeyRight()) {
            right = SourceStages.rekey(right, step.rightJoinSlot(), step.name() + "-Right-SelectKey");
        }
        Serde<Object[]> keySerde = !step.rekey() ? leftKeySerde(step)
                : !step.rekeyRight() ? SourceStages.keySerde(other.source())
                : new InternalRowSerde(List.of(step.joinType()));
        int leftColumns = step.leftTypes().size();
        int rightColumns = other.columnCount();
        ValueJoinerWithKey<Object[], Object[], Object[], Object[]> joiner = (key, row, otherRow) -> {
            Object[] joined = new Object[leftColumns + rightColumns + SourceRef.PSEUDO_COUNT];
            System.arraycopy(row, 0, joined, 0, leftColumns);
            if (otherRow != null) {
                System.arraycopy(otherRow, 0, joined, leftColumns, rightColumns);
            }
            System.arraycopy(row, leftColumns, joined, leftColumns + rightColumns, SourceRef.PSEUDO_COUNT);
            return joined;
        };
        StreamJoined<Object[], Object[], Object[]> joined = StreamJoined.with(keySerde,
                        new InternalRowSerde(leftRowTypes(step)),
                        new InternalRowSerde(SourceStages.rowTypes(other)))
                .withName(step.name()).withStoreName(step.name())
                .withDslStoreSuppliers(new BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers());
        JoinWindows windows = JoinWindows.of(step.within().orElseThrow());
        return step.type() == Query.Relation.JoinType.LEFT
                ? left.leftJoin(right, joiner, windows, joined)
                : left.join(right, joiner, windows, joined);
    }

    /** The key serde the rows were partitioned with (the FROM source's, or that of the previous join). */
    private static Serde<Object[]> leftKeySerde(JoinStep step) {
        Column key = new Column("KEY", step.joinType(), true);
        return step.leftKeyFormat().map(f -> SqlSerdes.key(f, List.of(key)))
                .orElseGet(() -> new InternalRowSerde(List.of(step.joinType())));
    }

    private KStream<Object[], Object[]> tableJoin(KStream<Object[], Object[]> rows, JoinStep step) {
        SourceRef table = step.other();
        DataSource t = table.source();
        Serde<Object[]> tableKeySerde = SourceStages.keySerde(t);
        Serde<Object[]> tableValueSerde = SourceStages.valueSerde(t);
        KTable<Object[], Object[]> right = builder.table(t.topic(), SourceStages.consumed(table),
                Materialized.<Object[], Object[]>as(
                                Stores.inMemoryKeyValueStore(table.processorName() + "-Store"))
                        .withKeySerde(tableKeySerde).withValueSerde(tableValueSerde));
        KStream<Object[], Object[]> left = step.rekey()
                ? SourceStages.rekey(rows, step.leftJoinSlot(), step.name() + "-SelectKey") : rows;

        int leftColumns = step.leftTypes().size();
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
        Joined<Object[], Object[], Object[]> joined = Joined.with(tableKeySerde,
                new InternalRowSerde(leftRowTypes(step)), tableValueSerde).withName(step.name());
        return step.type() == Query.Relation.JoinType.LEFT
                ? left.leftJoin(right, joiner, joined)
                : left.join(right, joiner, joined);
    }

}
