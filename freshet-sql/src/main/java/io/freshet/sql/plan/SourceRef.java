package io.freshet.sql.plan;

import io.freshet.sql.ast.Position;
import io.freshet.sql.expr.RowLayout.Slot;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stream or table named in FROM or JOIN, with the qualifier its columns carry in the query (the alias, else
 * the source's name), and the slots its rows put in front of a query's layout: key columns, then value columns.
 */
record SourceRef(DataSource source, String qualifier, Position position) {

    static final String ROWTIME = "ROWTIME";
    static final String ROWPARTITION = "ROWPARTITION";
    static final String ROWOFFSET = "ROWOFFSET";
    static final String WINDOWSTART = "WINDOWSTART";
    static final String WINDOWEND = "WINDOWEND";

    /** The three pseudo-columns every input row ends with: record timestamp, partition and offset. */
    static final int PSEUDO_COUNT = 3;

    List<Slot> columnSlots() {
        List<Slot> slots = new ArrayList<>();
        for (Column c : source.schema().columns()) {
            slots.add(new Slot(Optional.of(qualifier), c.name(), c.type()));
        }
        return slots;
    }

    List<Slot> pseudoSlots() {
        return List.of(new Slot(Optional.of(qualifier), ROWTIME, SqlType.BIGINT),
                new Slot(Optional.of(qualifier), ROWPARTITION, SqlType.INTEGER),
                new Slot(Optional.of(qualifier), ROWOFFSET, SqlType.BIGINT));
    }

    /**
     * {@code Source-<qualifier>}, the prefix of this source's processor and store names (and so of its changelog
     * topic): characters a topic name cannot hold (a quoted alias may have them) become '_'.
     */
    String processorName() {
        return "Source-" + qualifier.replaceAll("[^a-zA-Z0-9._-]", "_");
    }

    int keyCount() {
        return source.schema().key().size();
    }

    int columnCount() {
        return source.schema().key().size() + source.schema().value().size();
    }

    /** Index of the timestamp column in the record value, or -1 when the record's own timestamp is event time. */
    int timestampValueIndex() {
        if (source.timestampColumn().isEmpty()) {
            return -1;
        }
        List<Column> value = source.schema().value();
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i).name().equals(source.timestampColumn().get())) {
                return i;
            }
        }
        return -1;
    }
}
