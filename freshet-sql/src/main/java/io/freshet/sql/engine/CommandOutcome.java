package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import java.util.List;
import java.util.Optional;

/** What one command did to the metastore: every engine that replays the log computes the same outcome. */
public sealed interface CommandOutcome {

    /** The command took effect. {@code startedQuery}: the query a CSAS/CTAS/INSERT INTO defined;
     *  {@code terminatedQueries}: those a TERMINATE ended. */
    record Applied(String message, Optional<String> startedQuery, List<String> terminatedQueries)
            implements CommandOutcome {
        static Applied message(String message) {
            return new Applied(message, Optional.empty(), List.of());
        }
    }

    /** The command is invalid against the state before it: it changes nothing, on every engine. */
    record Rejected(SqlException error) implements CommandOutcome {
    }
}
