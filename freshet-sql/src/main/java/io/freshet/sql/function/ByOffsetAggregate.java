package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;

/**
 * LATEST_BY_OFFSET(x) / EARLIEST_BY_OFFSET(x): the last / first non-null x in the order records are processed,
 * which within a partition is offset order (nulls are ignored, as ksqlDB does by default). Merging two session
 * accumulators takes the later session's latest (the right one's, Kafka Streams merges in time order) and the
 * earlier session's earliest. The accumulator is the value itself.
 */
final class ByOffsetAggregate extends ValueAccumulatorAggregate {

    private final boolean latest;

    ByOffsetAggregate(SqlType type, boolean latest) {
        super(type);
        this.latest = latest;
    }

    @Override
    public Object merge(Object left, Object right) {
        if (latest) {
            return right != null ? right : left;
        }
        return left != null ? left : right;
    }
}
