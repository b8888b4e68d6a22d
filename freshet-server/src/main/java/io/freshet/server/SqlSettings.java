package io.freshet.server;

import java.util.Map;

/**
 * The broker's SQL keys: {@code sql.enabled} (default true: the broker runs the persistent queries of its
 * {@code _freshet_sql_commands} topic in process, with their local state under {@code <data dir>/sql}).
 */
public record SqlSettings(boolean enabled) {

    public static final String ENABLED = "sql.enabled";

    /** @throws IllegalArgumentException naming the key on a value other than true or false */
    public static SqlSettings fromProperties(Map<String, String> props) {
        String value = props.getOrDefault(ENABLED, "true").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(ENABLED + ": expected true or false, not '" + value + "'");
        }
        return new SqlSettings(Boolean.parseBoolean(value));
    }
}
