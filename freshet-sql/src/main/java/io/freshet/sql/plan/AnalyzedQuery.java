package io.freshet.sql.plan;

import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.LogicalSchema;
import io.freshet.sql.schema.WindowInfo;
import java.util.List;
import java.util.Optional;

/**
 * A query checked against the metastore: what it reads, what it produces ({@code outputKind}: a windowed or
 * grouped aggregate, or a query over a table, produces a TABLE; otherwise a STREAM), the output's key and value
 * columns (names upper case, as a consumer sees them), and the SELECT order (key columns included) in which a
 * push query's rows are shown.
 */
public record AnalyzedQuery(Query query, List<DataSource> sources, SourceKind outputKind, LogicalSchema outputSchema,
                            List<Column> selectOrder, Optional<WindowInfo> window) {
}
