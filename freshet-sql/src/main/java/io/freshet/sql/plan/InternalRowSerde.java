package io.freshet.sql.plan;

import io.freshet.sql.function.ValueCodec;
import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Rows between the stages of one query, never seen by users: repartition topics (GROUP BY, a join on a column
 * that is not the key) and state-store keys. Typed by the slot types, so it is compact and exact (a BIGINT stays a
 * Long, unlike JSON).
 *
 * <p>Layout: a version byte (1), then per slot the value as {@link ValueCodec} writes it (a presence byte,
 * then the value big-endian; the same layout as accumulators). Equal rows give equal bytes, which store keys rely on.
 */
final class InternalRowSerde extends VersionedSlotsSerde {

    private final List<SqlType> types;

    InternalRowSerde(List<SqlType> types) {
        super("internal row", types.size());
        this.types = List.copyOf(types);
    }

    @Override
    void writeSlot(int slot, Object value, DataOutput out) throws IOException {
        ValueCodec.write(types.get(slot), value, out);
    }

    @Override
    Object readSlot(int slot, DataInput in) throws IOException {
        return ValueCodec.read(types.get(slot), in);
    }
}
