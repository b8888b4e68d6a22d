package io.freshet.sql.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach the cluster and where to keep local state. {@code runQueries}: true in the broker and in {@code
 * freshet sql --standalone} (this process runs the persistent queries); false for a client that only submits
 * statements. {@code clientProperties} are passed to every Kafka client it creates (security settings, ...).
 */
public record SqlEngineConfig(String bootstrapServers, Path stateDir, boolean runQueries,
                              Map<String, Object> clientProperties) {
}
