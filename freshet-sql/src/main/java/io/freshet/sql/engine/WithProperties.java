package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.Format;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The {@code WITH (...)} properties of CREATE STREAM/TABLE and CREATE ... AS SELECT, checked against the names
 * that statement knows, with typed accessors. Keys are upper case (the parser's canonical form).
 */
final class WithProperties {

    static final String KAFKA_TOPIC = "KAFKA_TOPIC";
    static final String VALUE_FORMAT = "VALUE_FORMAT";
    static final String KEY_FORMAT = "KEY_FORMAT";
    static final String FORMAT = "FORMAT";
    static final String TIMESTAMP = "TIMESTAMP";
    static final String PARTITIONS = "PARTITIONS";
    static final String REPLICAS = "REPLICAS";

    /** CREATE STREAM/TABLE over a topic. */
    static final List<String> SOURCE_KEYS = List.of(KAFKA_TOPIC, VALUE_FORMAT, KEY_FORMAT, FORMAT, TIMESTAMP,
        PARTITIONS, REPLICAS);
    /** CREATE ... AS SELECT. */
    static final List<String> SINK_KEYS = SOURCE_KEYS;

    private final Map<String, Object> values;
    private final Position position;

    private WithProperties(Map<String, Object> values, Position position) {
        this.values = values;
        this.position = position;
    }

    static WithProperties check(Map<String, Object> values, List<String> known, Position position) {
        for (String key : values.keySet()) {
            if (!known.contains(key.toUpperCase(Locale.ROOT))) {
                throw new SqlException(position, "unknown property " + key + " in WITH; known properties: "
                    + String.join(", ", new TreeSet<>(known)));
            }
        }
        if (values.containsKey(FORMAT) && (values.containsKey(VALUE_FORMAT) || values.containsKey(KEY_FORMAT))) {
            throw new SqlException(position, "FORMAT sets both KEY_FORMAT and VALUE_FORMAT: give either FORMAT or"
                + " KEY_FORMAT/VALUE_FORMAT");
        }
        return new WithProperties(values, position);
    }

    Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new SqlException(position, key + " takes a string in quotes, not " + v);
        }
        if (s.isBlank()) {
            throw new SqlException(position, key + " cannot be empty");
        }
        return Optional.of(s);
    }

    OptionalInt positiveInt(String key) {
        Object v = values.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        long n;
        if (v instanceof Integer i) {
            n = i;
        } else if (v instanceof Long l) {
            n = l;
        } else if (v instanceof String s && s.matches("[0-9]{1,9}")) {
            n = Long.parseLong(s);
        } else {
            throw new SqlException(position, key + " takes a whole number, not " + v);
        }
        if (n < 1 || n > 100_000) {
            throw new SqlException(position, key + " must be between 1 and 100000, not " + n);
        }
        return OptionalInt.of((int) n);
    }

    Optional<Format> valueFormat() {
        return format(VALUE_FORMAT).or(() -> format(FORMAT));
    }

    Optional<Format> keyFormat() {
        return format(KEY_FORMAT).or(() -> format(FORMAT));
    }

    private Optional<Format> format(String key) {
        return string(key).map(name -> {
            try {
                return Format.valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SqlException(position, "unsupported " + key + " '" + name + "'; supported: JSON, KAFKA,"
                    + " DELIMITED" + (key.equals(VALUE_FORMAT) ? "" : ", NONE"));
            }
        });
    }
}
