package io.freshet.sql.format;

import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.Format;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serdes for keys and values as ksqlDB writes them, over {@code Object[]} rows whose slots follow the given
 * columns. Values: JSON objects keyed by column name (reading is case-insensitive on names and accepts numbers for
 * any numeric type where no precision is lost; an unknown field is ignored; a missing one is null), KAFKA (exactly
 * one column), DELIMITED (comma-separated, RFC 4180 quoting). Keys: KAFKA (one column), JSON (one column: the bare
 * value), NONE (no key: serializes to null). A value that cannot be read (bad JSON, wrong type, wrong column count)
 * throws {@link org.apache.kafka.common.errors.SerializationException} naming the column and the problem, so Kafka
 * Streams' deserialization handler can skip and count it. A null record value deserializes to null (a tombstone).
 */
public final class SqlSerdes {

    private SqlSerdes() {
    }

    public static Serde<Object[]> value(Format format, List<Column> columns) {
        throw new UnsupportedOperationException("serdes: helper 'sql-expr' implements this");
    }

    public static Serde<Object[]> key(Format format, List<Column> columns) {
        throw new UnsupportedOperationException("serdes: helper 'sql-expr' implements this");
    }
}
