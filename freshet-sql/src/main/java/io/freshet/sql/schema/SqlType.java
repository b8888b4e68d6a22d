package io.freshet.sql.schema;

/**
 * The column types Freshet's SQL supports, with the Java class a value of that type has at run time (null is
 * SQL NULL). Type names accepted by the parser: BOOLEAN; INT / INTEGER; BIGINT; DOUBLE; VARCHAR / STRING.
 */
public enum SqlType {
    BOOLEAN(Boolean.class),
    INTEGER(Integer.class),
    BIGINT(Long.class),
    DOUBLE(Double.class),
    STRING(String.class);

    private final Class<?> javaType;

    SqlType(Class<?> javaType) {
        this.javaType = javaType;
    }

    public Class<?> javaType() {
        return javaType;
    }

    public boolean isNumeric() {
        return this == INTEGER || this == BIGINT || this == DOUBLE;
    }

    /** The name ksqlDB shows in DESCRIBE: VARCHAR(STRING) is shown as STRING, INTEGER as INTEGER. */
    public String displayName() {
        return name();
    }
}
