package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;

/**
 * SUM(x) in x's own type, as ksqlDB: SUM(INT) is INT (overflow wraps), SUM(BIGINT) BIGINT, SUM(DOUBLE) DOUBLE.
 * Nulls are skipped and the sum starts at 0, so a group of only nulls sums to 0 (ksqlDB does the same).
 */
final class SumAggregate extends ValueAccumulatorAggregate {

    SumAggregate(SqlType type) {
        super(type);
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
}
