package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * LATEST_BY_OFFSET(x) / EARLIEST_BY_OFFSET(x): the last / first non-null x in the order records are processed,
 * which within a partition is offset order (nulls are ignored, as ksqlDB does by default). Merging two session
 * accumulators takes the later session's latest (the right one's, Kafka Streams merges in time order) and the
 * earlier session's earliest. The accumulator is the value itself.
 */
final class ByOffsetAggregate implements AggregateFunction {

    private final SqlType type;
    private final boolean latest;

    ByOffsetAggregate(SqlType type, boolean latest) {
        this.type = type;
        this.latest = latest;
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
    public Object merge(Object left, Object right) {
        if (latest) {
            return right != null ? right : left;
        }
        return left != null ? left : right;
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
