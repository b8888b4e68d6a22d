package io.freshet.sql.ast;

import io.freshet.sql.schema.SqlType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A scalar expression as parsed. Names are canonical: an unquoted identifier is upper-cased by the parser, a
 * back-quoted one keeps its case. Function names are upper case.
 */
public sealed interface Expression {

    Position position();

    /** A literal; {@code value} is null (NULL), Boolean, Integer, Long, Double, BigDecimal (a decimal literal such
     *  as 1.5 that the parser keeps exact; the compiler treats it as DOUBLE) or String. */
    record Literal(Object value, Position position) implements Expression {
    }

    /** {@code name} or {@code qualifier.name} (a source name or alias). Pseudo-columns ROWTIME, ROWPARTITION,
     *  ROWOFFSET, WINDOWSTART and WINDOWEND are column references too. */
    record ColumnRef(Optional<String> qualifier, String name, Position position) implements Expression {
    }

    enum ArithmeticOp { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULUS }

    record Arithmetic(ArithmeticOp op, Expression left, Expression right, Position position) implements Expression {
    }

    /** Unary minus (unary plus is dropped by the parser). */
    record Negate(Expression operand, Position position) implements Expression {
    }

    enum ComparisonOp { EQUAL, NOT_EQUAL, LESS_THAN, LESS_OR_EQUAL, GREATER_THAN, GREATER_OR_EQUAL }

    record Comparison(ComparisonOp op, Expression left, Expression right, Position position) implements Expression {
    }

    enum LogicalOp { AND, OR }

    record Logical(LogicalOp op, Expression left, Expression right, Position position) implements Expression {
    }

    record Not(Expression operand, Position position) implements Expression {
    }

    /** {@code x IS [NOT] NULL}. */
    record IsNull(Expression operand, boolean negated, Position position) implements Expression {
    }

    /** {@code x [NOT] BETWEEN lo AND hi}. */
    record Between(Expression value, Expression low, Expression high, boolean negated, Position position)
            implements Expression {
    }

    /** {@code x [NOT] LIKE 'pattern'} with % and _ wildcards. */
    record Like(Expression value, Expression pattern, boolean negated, Position position) implements Expression {
    }

    /** {@code x [NOT] IN (a, b, ...)}. */
    record InList(Expression value, List<Expression> list, boolean negated, Position position) implements Expression {
    }

    record WhenClause(Expression condition, Expression result) {
    }

    /** {@code CASE [operand] WHEN ... THEN ... [ELSE ...] END}; with an operand each WHEN is compared to it. */
    record Case(Optional<Expression> operand, List<WhenClause> whens, Optional<Expression> otherwise,
                Position position) implements Expression {
    }

    /** {@code NAME(args)}; {@code COUNT(*)} is a call with {@code star} true and no arguments. */
    record FunctionCall(String name, List<Expression> args, boolean star, Position position) implements Expression {
    }

    record Cast(Expression operand, SqlType type, Position position) implements Expression {
    }

    /** Literal helpers for tests and the planner. */
    static Literal literal(Object value) {
        if (value != null && !(value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof BigDecimal || value instanceof String)) {
            throw new IllegalArgumentException("not a literal value: " + value.getClass());
        }
        return new Literal(value, Position.UNKNOWN);
    }
}
