package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * AVG(x) as a DOUBLE over the non-null x. The accumulator is the running sum (a double) and count; a group with
 * no non-null value averages to 0.0, as ksqlDB's AVG gives.
 */
final class AvgAggregate implements AggregateFunction {

    /** Immutable running sum and count. */
    record Accumulator(double sum, long count) {
    }

    private static final Accumulator EMPTY = new Accumulator(0.0, 0L);

    @Override
    public SqlType returnType() {
        return SqlType.DOUBLE;
    }

    @Override
    public Object initial() {
        return EMPTY;
    }

    @Override
    public Object add(Object accumulator, Object[] args) {
        Object v = args[0];
        if (v == null) {
            return accumulator;
        }
        Accumulator a = (Accumulator) accumulator;
        return new Accumulator(a.sum() + ((Number) v).doubleValue(), a.count() + 1);
    }

    @Override
    public Object merge(Object left, Object right) {
        Accumulator l = (Accumulator) left;
        Accumulator r = (Accumulator) right;
        return new Accumulator(l.sum() + r.sum(), l.count() + r.count());
    }

    @Override
    public Object result(Object accumulator) {
        Accumulator a = (Accumulator) accumulator;
        return a.count() == 0 ? 0.0 : a.sum() / a.count();
    }

    @Override
    public void write(Object accumulator, DataOutput out) throws IOException {
        Accumulator a = (Accumulator) accumulator;
        out.writeDouble(a.sum());
        out.writeLong(a.count());
    }

    @Override
    public Object read(DataInput in) throws IOException {
        return new Accumulator(in.readDouble(), in.readLong());
    }
}
