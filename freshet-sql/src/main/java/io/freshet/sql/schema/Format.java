package io.freshet.sql.schema;

/**
 * How a key or value is written in its record. JSON: an object keyed by column names for a value (a key with one
 * column is the bare JSON value, as ksqlDB writes it); KAFKA: one column as Kafka's own serializers write it (UTF-8
 * string, 4-byte int, 8-byte long or double, big-endian); DELIMITED: comma-separated columns; NONE: no key.
 */
public enum Format {
    JSON, KAFKA, DELIMITED, NONE
}
