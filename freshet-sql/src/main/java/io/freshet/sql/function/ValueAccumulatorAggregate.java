package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An aggregate whose accumulator is a value of its argument's type and whose result is that value (SUM, MIN, MAX,
 * LATEST_BY_OFFSET, EARLIEST_BY_OFFSET). Subclasses give only how two values combine; the accumulator is stored as
 * {@link ValueCodec} writes one value, so the state layout of these aggregates is the same one for all of them.
 * By default the accumulator starts null and a row's argument is merged in as it comes (merge must then skip nulls).
 */
abstract class ValueAccumulatorAggregate implements AggregateFunction {

    protected final SqlType type;

    ValueAccumulatorAggregate(SqlType type) {
        this.type = type;
    }

    @Override
    public SqlType returnType() {
        return type;
    }

    @Override
    public Object initial() {
        return null;
    }

    @Override
    public Object add(Object accumulator, Object[] args) {
        return merge(accumulator, args[0]);
    }

    @Override
    public final Object result(Object accumulator) {
        return accumulator;
    }

    @Override
    public final void write(Object accumulator, DataOutput out) throws IOException {
        ValueCodec.write(type, accumulator, out);
    }

    @Override
    public final Object read(DataInput in) throws IOException {
        return ValueCodec.read(type, in);
    }
}
