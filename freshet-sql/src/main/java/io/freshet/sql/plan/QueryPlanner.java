package io.freshet.sql.plan;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Query;
import io.freshet.sql.schema.MetaStore;
import org.apache.kafka.streams.Topology;

/**
 * Turns a query into a Kafka Streams topology: sources read with the source's serdes and timestamp column,
 * WHERE as a filter, SELECT as a projection, PARTITION BY as a new key, GROUP BY with WINDOW as a windowed
 * aggregate (EMIT FINAL through suppression until the window closes: window end + grace, by stream time), a
 * stream-table [LEFT] JOIN as Kafka Streams' stream-table join. Every state store is in memory (restored from its
 * changelog topic), so no RocksDB is needed.
 */
public final class QueryPlanner {

    private final MetaStore metaStore;

    public QueryPlanner(MetaStore metaStore) {
        this.metaStore = metaStore;
    }

    /** @throws SqlException positioned where the query is wrong (unknown source, column, a non-aggregate column
     *     outside GROUP BY, EMIT FINAL without a window, a join that is not stream-table, ...) */
    public AnalyzedQuery analyze(Query query) {
        throw new UnsupportedOperationException("planner: helper 'sql-plan' implements this");
    }

    /** The topology of a persistent query writing {@code sink}. {@code queryId} names its processors and stores,
     *  so a restarted query finds its state and committed offsets again. */
    public Topology persistent(AnalyzedQuery query, SinkSpec sink, String queryId) {
        throw new UnsupportedOperationException("planner: helper 'sql-plan' implements this");
    }

    /** The topology of a push query delivering rows to {@code sink}. */
    public Topology transientQuery(AnalyzedQuery query, TransientSink sink, String queryId) {
        throw new UnsupportedOperationException("planner: helper 'sql-plan' implements this");
    }
}
