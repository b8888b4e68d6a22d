package io.freshet.sql.session;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one statement did, structured so that the CLI can print a table and the HTTP listener can answer in
 * ksqlDB's REST shape. {@code statement} is the statement's text.
 */
public sealed interface StatementResult {

    String statement();

    /** CREATE, CREATE ... AS SELECT, INSERT INTO, DROP, TERMINATE, SET, UNSET: what happened, and the query it
     *  started or stopped. */
    record Done(String statement, String message, Optional<String> queryId) implements StatementResult {
    }

    record Sources(String statement, SourceKind kind, List<DataSource> sources) implements StatementResult {
    }

    record Queries(String statement, List<QueryInfo> queries) implements StatementResult {
    }

    record TopicInfo(String name, int partitions) {
    }

    record Topics(String statement, List<TopicInfo> topics) implements StatementResult {
    }

    record Properties(String statement, Map<String, String> properties) implements StatementResult {
    }

    record Description(String statement, DataSource source, List<QueryInfo> readers, List<QueryInfo> writers)
            implements StatementResult {
    }

    /** A push query or PRINT that ran to its LIMIT or until cancelled; its rows went to the {@link RowSink}. */
    record Streamed(String statement, List<Column> columns, long rows) implements StatementResult {
    }

    /** The statement was refused or failed; statements after it were not run. */
    record Failed(String statement, SqlException error) implements StatementResult {
    }
}
