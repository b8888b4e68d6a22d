package io.freshet.sql.ast;

/** Where a statement or expression starts in the submitted text: 1-based line and column, for error messages. */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
