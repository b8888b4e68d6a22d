package io.freshet.sql.function;

import io.freshet.sql.schema.SqlType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One aggregate (COUNT, SUM, AVG, MIN, MAX, ...) for one set of argument types: an accumulator that Kafka Streams
 * keeps in a state store, so it must be written to and read from bytes (the store's changelog). Null arguments are
 * skipped as SQL does (COUNT(*) counts rows; COUNT(x) counts non-null x). Accumulators are immutable values:
 * {@link #add} returns a new one.
 */
public interface AggregateFunction {

    SqlType returnType();

    Object initial();

    /** @param args the evaluated arguments (empty for COUNT(*)) */
    Object add(Object accumulator, Object[] args);

    /** Combines two accumulators (session windows merge). */
    Object merge(Object left, Object right);

    Object result(Object accumulator);

    void write(Object accumulator, DataOutput out) throws IOException;

    Object read(DataInput in) throws IOException;
}
