package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.LogicalSchema;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CREATE STREAM/TABLE checked and turned into a {@link DataSource}: the columns and their keys, the WITH
 * properties (KAFKA_TOPIC, formats, TIMESTAMP) as ksqlDB reads them. Pure: the topic's existence is checked by the
 * session before the command is appended.
 */
final class SourceDefinitions {

    private SourceDefinitions() {
    }

    static DataSource fromCreate(Statement.CreateSource create) {
        Position at = create.position();
        WithProperties with = WithProperties.check(create.properties(), WithProperties.SOURCE_KEYS, at);
        String topic = with.string(WithProperties.KAFKA_TOPIC).orElseThrow(() -> new SqlException(at,
            "Missing required property \"KAFKA_TOPIC\" which has no default value."));
        with.positiveInt(WithProperties.PARTITIONS);
        with.positiveInt(WithProperties.REPLICAS);
        Format valueFormat = with.valueFormat().orElseThrow(() -> new SqlException(at,
            "Missing required property \"VALUE_FORMAT\" which has no default value (or give FORMAT)."));
        if (valueFormat == Format.NONE) {
            throw new SqlException(at, "VALUE_FORMAT NONE is not supported: give JSON, KAFKA or DELIMITED");
        }
        LogicalSchema schema = schema(create);
        Format keyFormat = with.keyFormat().orElse(schema.key().isEmpty() ? Format.NONE : Format.KAFKA);
        checkKey(create, schema, keyFormat);
        if (valueFormat == Format.KAFKA && schema.value().size() != 1) {
            throw new SqlException(at, "VALUE_FORMAT 'KAFKA' holds exactly one value column, not "
                + schema.value().size());
        }
        Optional<String> timestamp = with.string(WithProperties.TIMESTAMP).map(s -> s.toUpperCase(Locale.ROOT));
        timestamp.ifPresent(ts -> checkTimestampColumn(schema, ts, at));
        return new DataSource(create.name(), create.kind(), schema, topic, keyFormat, valueFormat, timestamp,
            Optional.empty(), create.text());
    }

    private static LogicalSchema schema(Statement.CreateSource create) {
        if (create.columns().isEmpty()) {
            throw new SqlException(create.position(), "The statement does not define any columns.");
        }
        List<Column> key = new ArrayList<>();
        List<Column> value = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Statement.ColumnDef def : create.columns()) {
            if (!names.add(def.name())) {
                throw new SqlException(def.position(), "duplicate column name " + def.name());
            }
            if (isPseudoColumn(def.name())) {
                throw new SqlException(def.position(), def.name() + " is a reserved pseudo-column name");
            }
            (def.key() ? key : value).add(new Column(def.name(), def.type(), def.key()));
        }
        return new LogicalSchema(key, value);
    }

    private static void checkKey(Statement.CreateSource create, LogicalSchema schema, Format keyFormat) {
        Position at = create.position();
        if (create.kind() == SourceKind.TABLE && schema.key().isEmpty()) {
            throw new SqlException(at, "Tables require a PRIMARY KEY. Please define the PRIMARY KEY.");
        }
        if (keyFormat == Format.NONE && !schema.key().isEmpty()) {
            throw new SqlException(at, "KEY_FORMAT NONE cannot hold key column " + schema.key().get(0).name());
        }
        if ((keyFormat == Format.KAFKA || keyFormat == Format.JSON) && schema.key().size() > 1) {
            throw new SqlException(at, "KEY_FORMAT '" + keyFormat + "' holds one key column, not "
                + schema.key().size());
        }
    }

    static void checkTimestampColumn(LogicalSchema schema, String name, Position at) {
        Column column = schema.find(name).orElseThrow(() -> new SqlException(at,
            "The TIMESTAMP column set in the WITH clause does not exist in the schema: '" + name + "'"));
        if (column.type() != SqlType.BIGINT) {
            throw new SqlException(at, "TIMESTAMP column " + name + " must be BIGINT (epoch milliseconds), not "
                + column.type().displayName());
        }
    }

    private static boolean isPseudoColumn(String name) {
        return switch (name) {
            case "ROWTIME", "ROWPARTITION", "ROWOFFSET", "WINDOWSTART", "WINDOWEND" -> true;
            default -> false;
        };
    }
}
