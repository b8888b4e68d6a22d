package io.freshet.sql;

import io.freshet.sql.ast.Position;

/**
 * A statement Freshet refuses, with what the user needs to fix it. {@code position} is where in the submitted text
 * the problem is ({@link Position#UNKNOWN} when it is not about one place). The message never repeats the
 * position; {@link #describe()} puts both together for a terminal: {@code line 2, column 14: expected ...}.
 */
public class SqlException extends RuntimeException {

    private final Position position;

    public SqlException(Position position, String message) {
        super(message);
        this.position = position;
    }

    public SqlException(Position position, String message, Throwable cause) {
        super(message, cause);
        this.position = position;
    }

    public Position position() {
        return position;
    }

    public String describe() {
        return position.equals(Position.UNKNOWN) ? getMessage() : position + ": " + getMessage();
    }
}
