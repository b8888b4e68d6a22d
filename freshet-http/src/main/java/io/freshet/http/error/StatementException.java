package io.freshet.http.error;

import java.util.List;

/**
 * A SQL statement the ksqlDB-shaped API refuses or that failed ({@code POST /ksql}, {@code /query-stream}):
 * {@link HttpErrors} answers it as ksqlDB's {@code statement_error} body, {@code {"@type": "statement_error",
 * "error_code": 40001, "message": ..., "statementText": ..., "entities": [...]}}, where {@code entities} are the
 * answers of the statements of the same request that ran before it.
 */
public final class StatementException extends RuntimeException {

    /** ksqlDB's BAD_STATEMENT: the statement does not parse, names something unknown, or failed. */
    public static final int BAD_STATEMENT = 40001;
    /** ksqlDB's QUERY_ENDPOINT: a SELECT or PRINT sent to {@code /ksql}, which belongs on the query endpoint. */
    public static final int QUERY_ENDPOINT = 40002;

    private final int errorCode;
    private final String statementText;
    private final List<Object> entities;

    public StatementException(int errorCode, String message, String statementText, List<?> entities) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.statementText = statementText;
        this.entities = List.copyOf(entities);
    }

    public int errorCode() {
        return errorCode;
    }

    public String statementText() {
        return statementText;
    }

    public List<Object> entities() {
        return entities;
    }
}
