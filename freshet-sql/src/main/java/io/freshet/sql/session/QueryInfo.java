package io.freshet.sql.session;

import java.util.List;
import java.util.Optional;

/**
 * A persistent query as SHOW QUERIES and DESCRIBE show it. {@code state} is what the engine running it last
 * reported (RUNNING, ERROR, PENDING when no engine has reported yet); the counters are the engine's too.
 */
public record QueryInfo(String id, String sql, List<String> sources, List<String> sinks, String state,
                        Optional<String> error, long malformedRecords, long lateRecords) {
}
