package io.freshet.sql.plan;

import io.freshet.sql.function.AggregateFunction;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The accumulators of one aggregate query (one per aggregate call, an {@code Object[]}) as kept in its state store
 * and changelog topic. Layout: a version byte (1), then each accumulator as its function writes it. The layout is
 * part of a query's durable state: a change to it needs a new version, read alongside the old.
 */
final class AccumulatorSerde extends VersionedSlotsSerde {

    private final List<AggregateFunction> functions;

    AccumulatorSerde(List<AggregateFunction> functions) {
        super("aggregate state", functions.size());
        this.functions = List.copyOf(functions);
    }

    @Override
    void writeSlot(int slot, Object accumulator, DataOutput out) throws IOException {
        functions.get(slot).write(accumulator, out);
    }

    @Override
    Object readSlot(int slot, DataInput in) throws IOException {
        return functions.get(slot).read(in);
    }
}
