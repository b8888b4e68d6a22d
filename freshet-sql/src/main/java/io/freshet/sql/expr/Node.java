package io.freshet.sql.expr;

import io.freshet.sql.schema.SqlType;

/**
 * A compiled sub-expression: its evaluator and its type. The type is null only for an untyped NULL literal, which
 * takes the type of whatever it meets (a CASE branch, a comparison, a function argument); a whole expression may
 * not end up untyped. {@code constant} marks literals so that IN lists and LIKE patterns can be prepared once.
 */
final class Node implements CompiledExpression {

    private final SqlType type;
    private final Evaluator evaluator;
    private final boolean constant;

    private Node(SqlType type, Evaluator evaluator, boolean constant) {
        this.type = type;
        this.evaluator = evaluator;
        this.constant = constant;
    }

    static Node of(SqlType type, Evaluator evaluator) {
        return new Node(type, evaluator, false);
    }

    static Node constant(SqlType type, Object value) {
        return new Node(type, row -> value, true);
    }

    @Override
    public SqlType type() {
        return type;
    }

    boolean isNullLiteral() {
        return constant && type == null;
    }

    boolean isConstant() {
        return constant;
    }

    /** The value of a constant node (no row needed). */
    Object constantValue() {
        return evaluator.apply(null);
    }

    Evaluator evaluator() {
        return evaluator;
    }

    @Override
    public Object evaluate(Object[] row) {
        return evaluator.apply(row);
    }
}
