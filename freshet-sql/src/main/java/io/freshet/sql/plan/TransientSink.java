package io.freshet.sql.plan;

import java.util.List;

/**
 * Receives a push query's rows, in {@link AnalyzedQuery#selectOrder()}, on a Kafka Streams thread. For a table
 * output a row is an update of its key (a deleted key arrives with null value columns).
 */
@FunctionalInterface
public interface TransientSink {

    void accept(List<Object> row);
}
