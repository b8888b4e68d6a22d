package io.freshet.sql.engine;

import io.freshet.sql.plan.AnalyzedQuery;
import io.freshet.sql.plan.SinkSpec;
import java.util.List;
import java.util.Map;

/**
 * A persistent query as the command log defines it: its id ({@code CSAS_HOT_3}: the kind, the sink, the command's
 * offset), its statement, the query as analysed against the metastore of its time, where it writes, and the
 * session properties it was submitted with (auto.offset.reset, freshet.sql.error.topic).
 */
public record PersistentQuery(String id, String sql, AnalyzedQuery query, String sinkName, SinkSpec sink,
                              Map<String, String> properties) {

    public PersistentQuery {
        properties = Map.copyOf(properties);
    }

    /** The Kafka Streams application.id: also its consumer group and the prefix of its internal topics. */
    public String applicationId() {
        return applicationId(id);
    }

    public static String applicationId(String queryId) {
        return "_freshet_sql_query_" + queryId;
    }

    public List<String> sourceNames() {
        return query.sources().stream().map(s -> s.name()).distinct().toList();
    }
}
