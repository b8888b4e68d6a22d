package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A session's SET properties: {@code auto.offset.reset} (earliest or latest; ksqlDB's default latest), and {@value
 * MalformedRecordHandler#ERROR_TOPIC} (where a query sends input records it cannot read). A persistent query keeps
 * the values its session had when it was created. ksqlDB's name {@code ksql.streams.auto.offset.reset} is accepted.
 */
final class SessionProperties {

    static final List<String> KNOWN = List.of(StreamsSettings.AUTO_OFFSET_RESET, MalformedRecordHandler.ERROR_TOPIC);
    private static final String KSQL_PREFIX = "ksql.streams.";

    private final Map<String, String> values = new LinkedHashMap<>();

    Map<String, String> values() {
        return Map.copyOf(values);
    }

    String set(String name, String value, Position at) {
        String key = canonical(name, at);
        String v = value.trim();
        if (key.equals(StreamsSettings.AUTO_OFFSET_RESET)) {
            v = v.toLowerCase(Locale.ROOT);
            if (!v.equals("earliest") && !v.equals("latest")) {
                throw new SqlException(at, "auto.offset.reset takes 'earliest' or 'latest', not '" + value + "'");
            }
        } else if (v.isEmpty() || !v.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new SqlException(at, key + " must be a topic name, not '" + value + "'");
        }
        values.put(key, v);
        return key;
    }

    /** @return the value it had, or null */
    String unset(String name, Position at) {
        return values.remove(canonical(name, at));
    }

    /** The values in effect, defaults included, for SHOW PROPERTIES. */
    Map<String, String> effective() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(StreamsSettings.AUTO_OFFSET_RESET, values.getOrDefault(StreamsSettings.AUTO_OFFSET_RESET,
            StreamsSettings.DEFAULT_OFFSET_RESET));
        all.put(MalformedRecordHandler.ERROR_TOPIC, values.getOrDefault(MalformedRecordHandler.ERROR_TOPIC, ""));
        all.put("processing.guarantee", "exactly_once_v2");
        return all;
    }

    private static String canonical(String name, Position at) {
        String key = name.trim();
        if (key.startsWith(KSQL_PREFIX)) {
            key = key.substring(KSQL_PREFIX.length());
        }
        if (!KNOWN.contains(key)) {
            throw new SqlException(at, "unknown property '" + name + "'; known properties: "
                + String.join(", ", KNOWN));
        }
        return key;
    }
}
