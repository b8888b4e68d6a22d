package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** COUNT(*) counts rows; COUNT(x) counts rows where x is not null. BIGINT; the accumulator is the count (a Long). */
final class CountAggregate implements AggregateFunction {

    private final boolean star;

    CountAggregate(boolean star) {
        this.star = star;
    }

    @Override
    public SqlType returnType() {
        return SqlType.BIGINT;
    }

    @Override
    public Object initial() {
        return 0L;
    }

    @Override
    public Object add(Object accumulator, Object[] args) {
        return star || args[0] != null ? (Long) accumulator + 1 : accumulator;
    }

    @Override
    public Object merge(Object left, Object right) {
        return (Long) left + (Long) right;
    }

    @Override
    public Object result(Object accumulator) {
        return accumulator;
    }

    @Override
    public void write(Object accumulator, DataOutput out) throws IOException {
        out.writeLong((Long) accumulator);
    }

    @Override
    public Object read(DataInput in) throws IOException {
        return in.readLong();
    }
}
