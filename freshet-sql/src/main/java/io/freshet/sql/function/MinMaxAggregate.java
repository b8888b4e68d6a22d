package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * MIN(x) / MAX(x) over the non-null x, numbers or strings, in x's type; null until a non-null x arrives. The
 * accumulator is the current extreme itself.
 */
final class MinMaxAggregate implements AggregateFunction {

    private final SqlType type;
    private final boolean max;

    MinMaxAggregate(SqlType type, boolean max) {
        this.type = type;
        this.max = max;
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
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object merge(Object left, Object right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        int c = ((Comparable) left).compareTo(right);
        return (max ? c >= 0 : c <= 0) ? left : right;
    }

    @Override
    public Object result(Object accumulator) {
        return accumulator;
    }

    @Override
    public void write(Object accumulator, DataOutput out) throws IOException {
        ValueCodec.write(type, accumulator, out);
    }

    @Override
    public Object read(DataInput in) throws IOException {
        return ValueCodec.read(type, in);
    }
}
