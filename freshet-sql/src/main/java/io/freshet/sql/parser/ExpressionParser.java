package io.freshet.sql.parser;

import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Expression.ArithmeticOp;
import io.freshet.sql.ast.Expression.ComparisonOp;
import io.freshet.sql.ast.Expression.LogicalOp;
import io.freshet.sql.ast.Position;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scalar expressions, one method per precedence level, loosest first:
 * OR &lt; AND &lt; NOT &lt; comparison ({@code = <> != < <= > >=}, IS [NOT] NULL, [NOT] BETWEEN, [NOT] LIKE,
 * [NOT] IN) &lt; {@code + -} &lt; {@code * / %} &lt; unary minus &lt; primary. Binary operators associate to the left;
 * a comparison takes operands of the additive level, so {@code a + 1 > b AND c} groups as {@code ((a + 1) > b) AND c}.
 * An expression's position is where its text starts (its left operand's).
 */
final class ExpressionParser {

    private static final Map<String, ComparisonOp> COMPARISONS = Map.of(
            "=", ComparisonOp.EQUAL, "<>", ComparisonOp.NOT_EQUAL, "!=", ComparisonOp.NOT_EQUAL,
            "<", ComparisonOp.LESS_THAN, "<=", ComparisonOp.LESS_OR_EQUAL,
            ">", ComparisonOp.GREATER_THAN, ">=", ComparisonOp.GREATER_OR_EQUAL);

    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger MIN_INT = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);

    private final TokenCursor cursor;

    ExpressionParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    Expression expression() {
        return or();
    }

    private Expression or() {
        Expression left = and();
        while (cursor.acceptWord("OR")) {
            left = new Expression.Logical(LogicalOp.OR, left, and(), left.position());
        }
        return left;
    }

    private Expression and() {
        Expression left = not();
        while (cursor.acceptWord("AND")) {
            left = new Expression.Logical(LogicalOp.AND, left, not(), left.position());
        }
        return left;
    }

    private Expression not() {
        if (cursor.isWord("NOT")) {
            Position at = cursor.advance().position();
            return new Expression.Not(not(), at);
        }
        return predicate();
    }

    /** An additive expression, optionally followed by one comparison or IS / BETWEEN / LIKE / IN test. */
    private Expression predicate() {
        Expression left = additive();
        Token token = cursor.peek();
        ComparisonOp op = token.kind() == Token.Kind.SYMBOL ? COMPARISONS.get(token.value()) : null;
        if (op != null) {
            cursor.advance();
            return new Expression.Comparison(op, left, additive(), left.position());
        }
        if (cursor.acceptWord("IS")) {
            boolean negated = cursor.acceptWord("NOT");
            if (!cursor.acceptWord("NULL")) {
                throw negated ? cursor.expected("NULL") : cursor.expected("NULL", "NOT NULL");
            }
            return new Expression.IsNull(left, negated, left.position());
        }
        boolean negated = false;
        if (cursor.isWord("NOT")) {
            cursor.advance();
            negated = true;
            if (!cursor.isWord("BETWEEN") && !cursor.isWord("LIKE") && !cursor.isWord("IN")) {
                throw cursor.expected("BETWEEN", "LIKE", "IN");
            }
        }
        if (cursor.acceptWord("BETWEEN")) {
            Expression low = additive();
            cursor.expectWord("AND");
            return new Expression.Between(left, low, additive(), negated, left.position());
        }
        if (cursor.acceptWord("LIKE")) {
            return new Expression.Like(left, additive(), negated, left.position());
        }
        if (cursor.acceptWord("IN")) {
            cursor.expectSymbol("(");
            List<Expression> list = new ArrayList<>();
            do {
                list.add(expression());
            } while (cursor.acceptSymbol(","));
            expectClosing("','");
            return new Expression.InList(left, List.copyOf(list), negated, left.position());
        }
        return left;
    }

    private Expression additive() {
        Expression left = multiplicative();
        while (true) {
            ArithmeticOp op = cursor.isSymbol("+") ? ArithmeticOp.ADD
                    : cursor.isSymbol("-") ? ArithmeticOp.SUBTRACT : null;
            if (op == null) {
                return left;
            }
            cursor.advance();
            left = new Expression.Arithmetic(op, left, multiplicative(), left.position());
        }
    }

    private Expression multiplicative() {
        Expression left = unary();
        while (true) {
            ArithmeticOp op = cursor.isSymbol("*") ? ArithmeticOp.MULTIPLY
                    : cursor.isSymbol("/") ? ArithmeticOp.DIVIDE
                    : cursor.isSymbol("%") ? ArithmeticOp.MODULUS : null;
            if (op == null) {
                return left;
            }
            cursor.advance();
            left = new Expression.Arithmetic(op, left, unary(), left.position());
        }
    }

    /** Unary minus; a minus right before a number is part of the literal, so -2147483648 is an INT. */
    private Expression unary() {
        if (cursor.isSymbol("-")) {
            Token minus = cursor.advance();
            Token next = cursor.peek();
            if (next.kind() == Token.Kind.INTEGER || next.kind() == Token.Kind.DECIMAL) {
                cursor.advance();
                return new Expression.Literal(number(next, true), minus.position());
            }
            return new Expression.Negate(unary(), minus.position());
        }
        if (cursor.acceptSymbol("+")) {
            return unary();
        }
        return primary();
    }

    private Expression primary() {
        Token token = cursor.peek();
        switch (token.kind()) {
            case INTEGER, DECIMAL -> {
                cursor.advance();
                return new Expression.Literal(number(token, false), token.position());
            }
            case STRING -> {
                cursor.advance();
                return new Expression.Literal(token.value(), token.position());
            }
            case SYMBOL -> {
                if (cursor.acceptSymbol("(")) {
                    Expression inner = expression();
                    expectClosing(null);
                    return inner;
                }
            }
            case WORD -> {
                switch (token.value()) {
                    case "TRUE", "FALSE", "NULL" -> {
                        cursor.advance();
                        Object value = token.value().equals("NULL") ? null : Boolean.valueOf(token.value().equals("TRUE"));
                        return new Expression.Literal(value, token.position());
                    }
                    case "CASE" -> {
                        return caseExpression();
                    }
                    case "CAST" -> {
                        return cast();
                    }
                    default -> {
                    }
                }
            }
            default -> {
            }
        }
        if (cursor.isIdentifier()) {
            return cursor.peek(1).isSymbol("(") ? functionCall() : columnRef();
        }
        throw cursor.expected("an expression");
    }

    private Expression columnRef() {
        Token first = cursor.peek();
        String name = cursor.identifier("a column name");
        if (cursor.acceptSymbol(".")) {
            return new Expression.ColumnRef(Optional.of(name), cursor.identifier("a column name"), first.position());
        }
        return new Expression.ColumnRef(Optional.empty(), name, first.position());
    }

    private Expression functionCall() {
        Token nameToken = cursor.advance();
        String name = nameToken.value().toUpperCase(Locale.ROOT);
        cursor.expectSymbol("(");
        if (cursor.isSymbol("*") && cursor.peek(1).isSymbol(")")) {
            cursor.advance();
            cursor.advance();
            return new Expression.FunctionCall(name, List.of(), true, nameToken.position());
        }
        if (cursor.isWord("DISTINCT") && !cursor.peek(1).isSymbol(")") && !cursor.peek(1).isSymbol(",")) {
            throw TokenCursor.error(cursor.peek(), "DISTINCT inside a function call is not supported");
        }
        List<Expression> args = new ArrayList<>();
        if (!cursor.acceptSymbol(")")) {
            do {
                args.add(expression());
            } while (cursor.acceptSymbol(","));
            expectClosing("','");
        }
        return new Expression.FunctionCall(name, List.copyOf(args), false, nameToken.position());
    }

    /** {@code CASE [operand] WHEN a THEN b ... [ELSE c] END}. */
    private Expression caseExpression() {
        Token caseToken = cursor.expectWord("CASE");
        Optional<Expression> operand = cursor.isWord("WHEN") ? Optional.empty() : Optional.of(expression());
        List<Expression.WhenClause> whens = new ArrayList<>();
        while (cursor.acceptWord("WHEN")) {
            Expression condition = expression();
            cursor.expectWord("THEN");
            whens.add(new Expression.WhenClause(condition, expression()));
        }
        if (whens.isEmpty()) {
            throw cursor.expected("WHEN");
        }
        Optional<Expression> otherwise = cursor.acceptWord("ELSE") ? Optional.of(expression()) : Optional.empty();
        if (!cursor.acceptWord("END")) {
            throw otherwise.isPresent() ? cursor.expected("END") : cursor.expected("WHEN", "ELSE", "END");
        }
        return new Expression.Case(operand, List.copyOf(whens), otherwise, caseToken.position());
    }

    /** {@code CAST(expression AS type)}. */
    private Expression cast() {
        Token castToken = cursor.expectWord("CAST");
        cursor.expectSymbol("(");
        Expression operand = expression();
        cursor.expectWord("AS");
        Expression cast = new Expression.Cast(operand, TypeParser.parse(cursor), castToken.position());
        cursor.expectSymbol(")");
        return cast;
    }

    /** ')' closing a list or parentheses; {@code alsoExpected} (e.g. "','") names what else could have come. */
    private void expectClosing(String alsoExpected) {
        if (!cursor.acceptSymbol(")")) {
            throw alsoExpected == null ? cursor.expected("')'") : cursor.expected(alsoExpected, "')'");
        }
    }

    /** An INTEGER token as Integer, or Long when it does not fit; a DECIMAL as BigDecimal, or Double with an
     *  exponent ({@code 1e3}). */
    static Object number(Token token, boolean negative) {
        String text = token.value();
        if (token.kind() == Token.Kind.DECIMAL) {
            if (text.contains("e") || text.contains("E")) {
                double value = Double.parseDouble(text);
                return negative ? -value : value;
            }
            BigDecimal value = new BigDecimal(text);
            return negative ? value.negate() : value;
        }
        BigInteger value = new BigInteger(text);
        if (negative) {
            value = value.negate();
        }
        if (value.compareTo(MIN_INT) >= 0 && value.compareTo(MAX_INT) <= 0) {
            return value.intValue();
        }
        if (value.compareTo(MIN_LONG) >= 0 && value.compareTo(MAX_LONG) <= 0) {
            return value.longValue();
        }
        throw TokenCursor.error(token, "integer " + (negative ? "-" : "") + text
                + " is out of range for BIGINT; write it as a decimal (" + text + ".0) if that is meant");
    }
}
