package io.freshet.sql.parser;

import io.freshet.sql.schema.SqlType;
import java.util.Map;
import java.util.Set;

/**
 * Column and CAST types. Freshet supports ksqlDB's scalar types without a parameter; a type ksqlDB has but Freshet
 * does not (DECIMAL(4,2), ARRAY&lt;..&gt;, STRUCT&lt;..&gt;, TIMESTAMP, ...) is refused at the type's name, with the list of
 * supported ones, rather than as a confusing error at its parameters.
 */
final class TypeParser {

    static final String SUPPORTED = "BOOLEAN, INT, INTEGER, BIGINT, DOUBLE, VARCHAR, STRING";

    private static final Map<String, SqlType> TYPES = Map.of(
            "BOOLEAN", SqlType.BOOLEAN,
            "INT", SqlType.INTEGER,
            "INTEGER", SqlType.INTEGER,
            "BIGINT", SqlType.BIGINT,
            "DOUBLE", SqlType.DOUBLE,
            "VARCHAR", SqlType.STRING,
            "STRING", SqlType.STRING);

    /** Type names of ksqlDB and of SQL in general that a user may reasonably write. */
    private static final Set<String> UNSUPPORTED = Set.of("DECIMAL", "NUMERIC", "ARRAY", "MAP", "STRUCT",
            "TIMESTAMP", "DATE", "TIME", "BYTES", "TINYINT", "SMALLINT", "FLOAT", "REAL", "CHAR", "TEXT", "LONG",
            "BOOL", "BINARY", "VARBINARY", "UUID", "JSON");

    private TypeParser() {
    }

    static SqlType parse(TokenCursor cursor) {
        Token token = cursor.peek();
        if (token.kind() == Token.Kind.WORD) {
            SqlType type = TYPES.get(token.value());
            if (type != null) {
                cursor.advance();
                return type;
            }
            if (UNSUPPORTED.contains(token.value())) {
                throw TokenCursor.error(token, "unsupported type " + token.value() + "; supported: " + SUPPORTED);
            }
        }
        throw cursor.expected("a type (" + SUPPORTED + ")");
    }
}
