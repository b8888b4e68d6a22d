package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * SUM(x) in x's own type, as ksqlDB: SUM(INT) is INT (overflow wraps), SUM(BIGINT) BIGINT, SUM(DOUBLE) DOUBLE.
 * Nulls are skipped and the sum starts at 0, so a group of only nulls sums to 0 (ksqlDB does the same).
 */
final class SumAggregate implements AggregateFunction {

    private final SqlType type;

    SumAggregate(SqlType type) {
        this.type = type;
    }

    @Override
    public SqlType returnType() {
        return type;
    }

    @Override
    public Object initial() {
        return switch (type) {
            case INTEGER -> 0;
            case BIGINT -> 0L;
            default -> 0.0;
        };
    }

    @Override
    public Object add(Object accumulator, Object[] args) {
        Object v = args[0];
        return v == null ? accumulator : merge(accumulator, v);
    }

    @Override
    public Object merge(Object left, Object right) {
        return switch (type) {
            case INTEGER -> (Integer) left + ((Number) right).intValue();
            case BIGINT -> (Long) left + ((Number) right).longValue();
            default -> (Double) left + ((Number) right).doubleValue();
        };
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
