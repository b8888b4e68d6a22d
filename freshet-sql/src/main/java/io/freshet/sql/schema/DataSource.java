package io.freshet.sql.schema;

import io.freshet.sql.ast.SourceKind;
import java.util.Optional;

/**
 * A registered stream or table: what CREATE STREAM/TABLE (or a CREATE ... AS SELECT) declared. {@code
 * timestampColumn} is the WITH (TIMESTAMP='col') column whose BIGINT value (epoch ms) is the event time; when
 * empty, the record's timestamp is. {@code window} is present for a windowed table. {@code sql} is the statement
 * that created it.
 */
public record DataSource(String name, SourceKind kind, LogicalSchema schema, String topic, Format keyFormat,
                         Format valueFormat, Optional<String> timestampColumn, Optional<WindowInfo> window,
                         String sql) {
}
