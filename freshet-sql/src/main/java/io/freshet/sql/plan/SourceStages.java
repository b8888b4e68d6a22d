package io.freshet.sql.plan;

import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.format.SqlSerdes;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/** How a query reads its sources and re-keys rows: shared by the plain, join and aggregate stages. */
final class SourceStages {

    private SourceStages() {
    }

    /** The source's serdes, its event time (the TIMESTAMP column, else the record's), named after it. */
    static Consumed<Object[], Object[]> consumed(SourceRef ref) {
        DataSource s = ref.source();
        Consumed<Object[], Object[]> consumed = Consumed.with(keySerde(s), valueSerde(s))
                .withName(ref.processorName());
        int ts = ref.timestampValueIndex();
        return ts < 0 ? consumed : consumed.withTimestampExtractor(new ColumnTimestampExtractor(ts));
    }

    static Serde<Object[]> keySerde(DataSource s) {
        return SqlSerdes.key(s.keyFormat(), s.schema().key());
    }

    static Serde<Object[]> valueSerde(DataSource s) {
        return SqlSerdes.value(s.valueFormat(), s.schema().value());
    }

    /** A stream keyed by one column of its rows (no key when that column is null). */
    static KStream<Object[], Object[]> rekey(KStream<Object[], Object[]> rows, int slot, String name) {
        return rows.selectKey((key, row) -> row[slot] == null ? null : new Object[] {row[slot]}, Named.as(name));
    }

    /** Slot types of a source's input row: its columns then the pseudo-columns. */
    static List<SqlType> rowTypes(SourceRef ref) {
        List<RowLayout.Slot> slots = new ArrayList<>(ref.columnSlots());
        slots.addAll(ref.pseudoSlots());
        return slots.stream().map(RowLayout.Slot::type).toList();
    }
}
