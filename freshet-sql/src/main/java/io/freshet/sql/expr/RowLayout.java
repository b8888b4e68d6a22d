package io.freshet.sql.expr;

import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where each column a compiled expression may read sits in the {@code Object[]} row it is evaluated on. Columns
 * are found by name and, when the query has aliases or joins, by qualifier ({@code r.temp}); an unqualified name
 * must be unique. The planner builds one layout per stage (source, after a join, after an aggregate).
 */
public final class RowLayout {

    /** One slot: {@code qualifier} is the source name or alias it came from (empty for computed columns). */
    public record Slot(Optional<String> qualifier, String name, SqlType type) {
    }

    private final List<Slot> slots;

    public RowLayout(List<Slot> slots) {
        this.slots = List.copyOf(slots);
    }

    public List<Slot> slots() {
        return slots;
    }

    public int size() {
        return slots.size();
    }

    /** Indexes of the slots matching the reference: by qualifier and name, or by name alone when unqualified. */
    public List<Integer> resolve(Optional<String> qualifier, String name) {
        List<Integer> found = new ArrayList<>(1);
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.name().equals(name) && (qualifier.isEmpty() || qualifier.equals(s.qualifier()))) {
                found.add(i);
            }
        }
        return found;
    }
}
