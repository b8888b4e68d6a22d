package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * COUNT_DISTINCT(x): how many different non-null x, BIGINT. Exact, unlike ksqlDB's (an approximate HyperLogLog
 * sketch): the accumulator is the set of values seen, so a group's state grows with its distinct values (and is
 * rewritten to the changelog on each update); meant for groups with up to some thousands of distinct values. The set
 * is copied only when a new value arrives. Layout: the count (4 bytes), then each value as {@link ValueCodec}.
 */
final class CountDistinctAggregate implements AggregateFunction {

    private final SqlType type;

    CountDistinctAggregate(SqlType type) {
        this.type = type;
    }

    @Override
    public SqlType returnType() {
        return SqlType.BIGINT;
    }

    @Override
    public Object initial() {
        return Set.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object add(Object accumulator, Object[] args) {
        Set<Object> seen = (Set<Object>) accumulator;
        Object v = args[0];
        if (v == null || seen.contains(v)) {
            return seen;
        }
        Set<Object> more = new HashSet<>(seen);
        more.add(v);
        return Collections.unmodifiableSet(more);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object merge(Object left, Object right) {
        Set<Object> all = new HashSet<>((Set<Object>) left);
        all.addAll((Set<Object>) right);
        return Collections.unmodifiableSet(all);
    }

    @Override
    public Object result(Object accumulator) {
        return (long) ((Set<?>) accumulator).size();
    }

    @Override
    public void write(Object accumulator, DataOutput out) throws IOException {
        Set<?> seen = (Set<?>) accumulator;
        out.writeInt(seen.size());
        for (Object v : seen) {
            ValueCodec.write(type, v, out);
        }
    }

    @Override
    public Object read(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000_000) {
            throw new IOException("corrupt COUNT_DISTINCT accumulator: " + n + " values");
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(ValueCodec.read(type, in));
        }
        return Collections.unmodifiableSet(seen);
    }
}
