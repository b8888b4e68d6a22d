package io.freshet.sql.session;

import java.util.List;
import java.util.Map;

/**
 * One client's conversation with the SQL engine: its SET properties (auto.offset.reset, ...) and the statements it
 * runs. Not thread-safe: one caller at a time.
 */
public interface SqlSession extends AutoCloseable {

    /**
     * Parses and runs the statements in order. Stops at the first failure, whose {@link StatementResult.Failed} is
     * then the last element. Push queries and PRINT stream to {@code rows} and return when they reach their LIMIT
     * or {@code rows} is cancelled; {@code rows} may be null when the text has none. Once {@code rows} is
     * cancelled no further statement runs (the client went away).
     */
    List<StatementResult> execute(String statements, RowSink rows);

    /**
     * As {@link #execute(String, RowSink)}, and hands each result to {@code onResult} as soon as its statement has
     * run, before the next one starts (the CLI prints it then, so output follows the statements' order).
     */
    default List<StatementResult> execute(String statements, RowSink rows,
                                          java.util.function.Consumer<StatementResult> onResult) {
        List<StatementResult> results = execute(statements, rows);
        results.forEach(onResult);
        return results;
    }

    Map<String, String> properties();

    @Override
    void close();
}
