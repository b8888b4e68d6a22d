package io.freshet.sql.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A source's columns: key columns (in the record key, in order) then value columns (in the record value, in order).
 * Pseudo-columns (ROWTIME, WINDOWSTART, ...) are not part of it; the planner adds them where they apply.
 */
public record LogicalSchema(List<Column> key, List<Column> value) {

    public LogicalSchema {
        key = List.copyOf(key);
        value = List.copyOf(value);
    }

    public List<Column> columns() {
        List<Column> all = new ArrayList<>(key.size() + value.size());
        all.addAll(key);
        all.addAll(value);
        return all;
    }

    public Optional<Column> find(String name) {
        for (Column c : key) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        for (Column c : value) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
