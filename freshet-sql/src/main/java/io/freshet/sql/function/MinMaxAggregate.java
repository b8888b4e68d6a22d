package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;

/**
 * MIN(x) / MAX(x) over the non-null x, numbers or strings, in x's type; null until a non-null x arrives. The
 * accumulator is the current extreme itself.
 */
final class MinMaxAggregate extends ValueAccumulatorAggregate {

    private final boolean max;

    MinMaxAggregate(SqlType type, boolean max) {
        super(type);
        this.max = max;
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
}
