package io.freshet.sql.schema;

/** A named, typed column; {@code key} columns live in the record key, the others in the value. */
public record Column(String name, SqlType type, boolean key) {
}
