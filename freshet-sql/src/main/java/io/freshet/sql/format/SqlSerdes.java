package io.freshet.sql.format;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.SqlType;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for keys and values as ksqlDB writes them, over {@code Object[]} rows whose slots follow the given
 * columns. Values: JSON objects keyed by column name (reading is case-insensitive on names and accepts numbers for
 * any numeric type where no precision is lost; an unknown field is ignored; a missing one is null), KAFKA (exactly
 * one column), DELIMITED (comma-separated, RFC 4180 quoting). Keys: KAFKA (one column), JSON (one column: the bare
 * value), NONE (no key: serializes to null). A value that cannot be read (bad JSON, wrong type, wrong column count)
 * throws {@link org.apache.kafka.common.errors.SerializationException} naming the column and the problem, so Kafka
 * Streams' deserialization handler can skip and count it. A null record value deserializes to null (a tombstone).
 *
 * <p>Keys: a key with no columns, whatever its format, is written as null and reads as an empty row; a null
 * record key reads as a row of nulls. The serdes hold no mutable state: one instance may serve every thread.
 *
 * @throws SqlException (from both factories) for a combination ksqlDB refuses: KAFKA with other than one column or
 *     with a BOOLEAN, NONE with columns or for a value
 */
public final class SqlSerdes {

    private SqlSerdes() {
    }

    public static Serde<Object[]> value(Format format, List<Column> columns) {
        return switch (format) {
            case JSON -> serde(new JsonObjectFormat(columns));
            case KAFKA -> serde(kafka(columns, "VALUE", false));
            case DELIMITED -> serde(new DelimitedFormat(columns));
            case NONE -> throw new SqlException(Position.UNKNOWN,
                    "VALUE_FORMAT NONE is not supported; NONE is a KEY_FORMAT for sources without a key");
        };
    }

    public static Serde<Object[]> key(Format format, List<Column> columns) {
        if (columns.isEmpty()) {
            return serde(new NoKeyFormat());
        }
        return switch (format) {
            case JSON -> serde(columns.size() == 1 ? new JsonScalarFormat(columns.get(0))
                    : new JsonObjectFormat(columns));
            case KAFKA -> serde(kafka(columns, "KEY", true));
            case DELIMITED -> serde(new DelimitedFormat(columns));
            case NONE -> throw new SqlException(Position.UNKNOWN, "KEY_FORMAT NONE cannot carry key columns ("
                    + names(columns) + "); use KAFKA, JSON or DELIMITED");
        };
    }

    private static KafkaFormat kafka(List<Column> columns, String which, boolean key) {
        if (columns.size() != 1) {
            throw new SqlException(Position.UNKNOWN, which + "_FORMAT KAFKA takes exactly one column, got "
                    + columns.size() + " (" + names(columns) + "); use JSON or DELIMITED");
        }
        Column c = columns.get(0);
        if (c.type() == SqlType.BOOLEAN) {
            throw new SqlException(Position.UNKNOWN, which + "_FORMAT KAFKA does not support BOOLEAN (column "
                    + c.name() + "); use JSON or DELIMITED");
        }
        return new KafkaFormat(c, key);
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    private static Serde<Object[]> serde(RowFormat format) {
        return Serdes.serdeFrom(format, format);
    }
}
