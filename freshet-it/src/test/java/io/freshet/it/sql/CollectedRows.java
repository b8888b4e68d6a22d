package io.freshet.it.sql;

import io.freshet.sql.schema.Column;
import io.freshet.sql.session.RowSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A RowSink that keeps what a push query or PRINT delivered; {@link #cancel()} stops it as Ctrl-C would. */
final class CollectedRows implements RowSink {

    final List<Column> header = new CopyOnWriteArrayList<>();
    final List<List<Object>> rows = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    @Override
    public void header(List<Column> columns) {
        header.addAll(columns);
    }

    @Override
    public void row(List<Object> values) {
        rows.add(values);
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }
}
