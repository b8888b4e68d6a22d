package io.freshet.sql.plan;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Query;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.MetaStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.Topology;

/**
 * Turns a query into a Kafka Streams topology: sources read with the source's serdes and timestamp column,
 * WHERE as a filter, SELECT as a projection, PARTITION BY as a new key, GROUP BY with WINDOW as a windowed
 * aggregate (EMIT FINAL through suppression until the window closes: window end + grace, by stream time), a
 * stream-table [LEFT] JOIN as Kafka Streams' stream-table join, a stream-stream one WITHIN a time as its windowed
 * join, several joins one after another. Every state store is in memory (restored from its
 * changelog topic), so no RocksDB is needed.
 *
 * <p>Analysis ({@link QueryAnalyzer}) and topology building ({@link TopologyPlanner}) are separate steps; the
 * topology methods analyse again against the sources the {@link AnalyzedQuery} captured, so a topology is built
 * from exactly the schemas that were checked, whatever the metastore holds by then.
 *
 * <p>Stateless and thread-safe: each call works on its own objects.
 *
 * <p>For the engine: run the topology with {@code dsl.store.suppliers.class} = {@code
 * BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers} (every store here is already in memory; this covers any
 * store Kafka Streams adds on its own) and keep {@code max.task.idle.ms} at 0 or above, never -1: at 0 (Kafka's
 * default, KIP-695) a task waits until every input partition has data buffered or is known to be caught up,
 * then processes the lowest timestamp first, so a table update older than a stream record is applied before the
 * join sees the record, and a rerun gives the same output.
 */
public final class QueryPlanner {

    private final MetaStore metaStore;

    public QueryPlanner(MetaStore metaStore) {
        this.metaStore = metaStore;
    }

    /**
     * Analysis for a push query (SELECT ... EMIT CHANGES): the key need not be selected (the output schema then
     * has no key columns). A CREATE ... AS SELECT or INSERT INTO should call {@link #analyzePersistent}.
     *
     * @throws SqlException positioned where the query is wrong (unknown source, column, a non-aggregate column
     *     outside GROUP BY, EMIT FINAL without a window, a join that is not stream-table, ...) */
    public AnalyzedQuery analyze(Query query) {
        return new QueryAnalyzer(metaStore, query).analyze().analyzed();
    }

    /**
     * {@link #analyze} plus what a persistent query needs beyond a push query: the key in the projection. Call
     * this before registering a CREATE ... AS SELECT's sink.
     */
    public AnalyzedQuery analyzePersistent(Query query) {
        QueryPlan plan = new QueryAnalyzer(metaStore, query).analyze();
        checkKeySelected(plan);
        return plan.analyzed();
    }

    /** The topology of a persistent query writing {@code sink}. {@code queryId} names its processors and stores,
     *  so a restarted query finds its state and committed offsets again. */
    public Topology persistent(AnalyzedQuery query, SinkSpec sink, String queryId) {
        QueryPlan plan = replan(query);
        checkKeySelected(plan);
        return new TopologyPlanner(plan, queryId).persistent(sink);
    }

    /** The topology of a push query delivering rows to {@code sink}. */
    public Topology transientQuery(AnalyzedQuery query, TransientSink sink, String queryId) {
        return new TopologyPlanner(replan(query), queryId).transientQuery(sink);
    }

    private static QueryPlan replan(AnalyzedQuery query) {
        return new QueryAnalyzer(new Snapshot(query.sources()), query.query()).analyze();
    }

    /** ksqlDB's rule: the key of what a persistent query writes must be among its columns, or its consumers
     *  could not tell which record is which. */
    private static void checkKeySelected(QueryPlan plan) {
        if (!plan.missingKey().isEmpty()) {
            throw new SqlException(plan.analyzed().query().position(), "Key missing from projection: the query "
                    + "must select " + String.join(", ", plan.missingKey()) + " (the key of its output; "
                    + "rename it with AS if you like)");
        }
    }

    /** The sources a query was analysed against. */
    private record Snapshot(List<DataSource> captured) implements MetaStore {
        @Override
        public Optional<DataSource> source(String name) {
            return captured.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        @Override
        public Collection<DataSource> sources() {
            return captured;
        }
    }
}
