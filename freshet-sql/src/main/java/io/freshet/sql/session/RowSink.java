package io.freshet.sql.session;

import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.SqlType;
import java.util.List;

/**
 * Where a push query ({@code SELECT ... EMIT CHANGES}) or PRINT streams its output. Called from the query's own
 * thread; {@link #cancelled()} is polled so that a client that went away (Ctrl-C, a closed HTTP connection) stops
 * the query.
 */
public interface RowSink {

    /** PRINT's one column: each row is one record formatted as ksqlDB's PRINT shows it. */
    Column PRINT_RECORD = new Column("RECORD", SqlType.STRING, false);

    /** Called once before any row: the columns of a SELECT, or for PRINT a single STRING column "RECORD". */
    void header(List<Column> columns);

    void row(List<Object> values);

    boolean cancelled();
}
